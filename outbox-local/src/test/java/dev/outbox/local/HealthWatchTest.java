package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.local.HealthWatch.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthWatchTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static Observation healthy(String name) {
    return new Observation(name, Optional.empty(), Optional.empty());
  }

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  @Test
  void a_process_that_turns_unhealthy_and_back_is_printed_then_the_platform_is_ready_again() {
    HealthWatch watch = new HealthWatch(List.of("postgres", "order-app"), T0);
    assertThat(watch.observe(at(1), List.of(healthy("postgres"), healthy("order-app")))).isEmpty();

    assertThat(
            watch.observe(
                at(2),
                List.of(
                    healthy("postgres"),
                    new Observation(
                        "order-app",
                        Optional.empty(),
                        Optional.of("database DOWN (FATAL: not yet\n  Detail: recovering)")))))
        .as("one line")
        .containsExactly("order-app unhealthy: database DOWN (FATAL: not yet Detail: recovering)");
    assertThat(
            watch.observe(
                at(3),
                List.of(
                    healthy("postgres"),
                    new Observation("order-app", Optional.empty(), Optional.of("still")))))
        .as("said once")
        .isEmpty();
    assertThat(watch.observe(at(16.2), List.of(healthy("postgres"), healthy("order-app"))))
        .containsExactly(
            "order-app healthy again after 14 s",
            "ready again: all 2 processes healthy after 14 s");
  }

  @Test
  void a_death_is_not_repeated_as_unhealthy_and_its_return_is_timed_from_the_death() {
    HealthWatch watch = new HealthWatch(List.of("postgres", "order-app"), T0);
    Instant died = at(10);
    assertThat(
            watch.observe(
                at(10.4),
                List.of(
                    new Observation("postgres", Optional.of(died), Optional.of("not running")),
                    new Observation(
                        "order-app", Optional.empty(), Optional.of("database DOWN (refused)")))))
        .containsExactly("order-app unhealthy: database DOWN (refused)");
    assertThat(
            watch.observe(
                at(12.3),
                List.of(
                    new Observation("postgres", Optional.of(died), Optional.empty()),
                    new Observation("order-app", Optional.empty(), Optional.of("database DOWN")))))
        .containsExactly("postgres back after 2.3 s");
    assertThat(watch.observe(at(15), List.of(healthy("postgres"), healthy("order-app"))))
        .containsExactly(
            "order-app healthy again after 4.6 s",
            "ready again: all 2 processes healthy after 5.0 s");
  }

  @Test
  void a_process_that_died_and_came_back_between_two_rounds_is_back() {
    HealthWatch watch = new HealthWatch(List.of("kafka"), T0);
    assertThat(
            watch.observe(
                at(5), List.of(new Observation("kafka", Optional.of(at(1)), Optional.empty()))))
        .containsExactly(
            "kafka back after 4.0 s", "ready again: all 1 processes healthy after 4.0 s");
  }

  @Test
  void no_ready_again_while_a_process_stays_down() {
    HealthWatch watch = new HealthWatch(List.of("customers-relay", "order-app"), T0);
    Observation gone =
        new Observation("customers-relay", Optional.of(at(1)), Optional.of("not running"));
    watch.observe(at(2), List.of(gone, healthy("order-app")));
    for (int i = 3; i < 10; i++) {
      assertThat(watch.observe(at(i), List.of(gone, healthy("order-app")))).isEmpty();
    }
  }
}
