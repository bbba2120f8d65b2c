package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.local.HealthWatch.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthWatchTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  private static Observation healthy(String name, double asked) {
    return new Observation(name, at(asked), Optional.empty(), Optional.empty());
  }

  private static Observation unhealthy(String name, double asked, String problem) {
    return new Observation(name, at(asked), Optional.empty(), Optional.of(problem));
  }

  private static Observation dead(String name, double asked, double died) {
    return new Observation(name, at(asked), Optional.of(at(died)), Optional.of("not running"));
  }

  private static Observation restarted(String name, double asked, double died) {
    return new Observation(name, at(asked), Optional.of(at(died)), Optional.empty());
  }

  @Test
  void a_process_that_turns_unhealthy_and_back_is_printed_then_the_platform_is_ready_again() {
    HealthWatch watch = new HealthWatch(List.of("postgres", "order-app"), T0);
    assertThat(watch.observe(at(1), List.of(healthy("postgres", 1), healthy("order-app", 1))))
        .isEmpty();

    assertThat(
            watch.observe(
                at(2),
                List.of(
                    healthy("postgres", 2),
                    unhealthy(
                        "order-app", 2, "database DOWN (FATAL: not yet\n  Detail: recovering)"))))
        .as("one line")
        .containsExactly("order-app unhealthy: database DOWN (FATAL: not yet Detail: recovering)");
    assertThat(
            watch.observe(
                at(3), List.of(healthy("postgres", 3), unhealthy("order-app", 3, "still down"))))
        .as("said once")
        .isEmpty();
    assertThat(
            watch.observe(at(16.2), List.of(healthy("postgres", 16.2), healthy("order-app", 16.2))))
        .containsExactly(
            "order-app healthy again after 14 s",
            "ready again: all 2 processes healthy after 14 s");
  }

  @Test
  void a_death_is_not_repeated_as_unhealthy_and_its_return_is_timed_from_the_death() {
    HealthWatch watch = new HealthWatch(List.of("postgres", "order-app"), T0);
    assertThat(
            watch.observe(
                at(10.4),
                List.of(
                    dead("postgres", 10.4, 10),
                    unhealthy("order-app", 10.4, "database DOWN (refused)"))))
        .containsExactly("order-app unhealthy: database DOWN (refused)");
    assertThat(
            watch.observe(
                at(12.3),
                List.of(
                    restarted("postgres", 12.3, 10),
                    unhealthy("order-app", 12.3, "database DOWN"))))
        .containsExactly("postgres back after 2.3 s");
    assertThat(watch.observe(at(15), List.of(healthy("postgres", 15), healthy("order-app", 15))))
        .containsExactly(
            "order-app healthy again after 4.6 s",
            "ready again: all 2 processes healthy after 5.0 s");
  }

  @Test
  void a_process_seen_unhealthy_just_before_its_death_is_noticed_is_back_from_the_earlier_moment() {
    HealthWatch watch = new HealthWatch(List.of("postgres"), T0);
    // Asked while it died: the probe failed before the supervisor noticed the death.
    assertThat(watch.observe(at(3), List.of(unhealthy("postgres", 1, "no answer"))))
        .containsExactly("postgres unhealthy: no answer");
    assertThat(watch.observe(at(4), List.of(dead("postgres", 4, 1.1)))).isEmpty();
    assertThat(watch.observe(at(6), List.of(restarted("postgres", 6, 1.1))))
        .containsExactly(
            "postgres back after 5.0 s", "ready again: all 1 processes healthy after 5.0 s");
  }

  @Test
  void a_process_that_died_and_came_back_between_two_rounds_is_back() {
    HealthWatch watch = new HealthWatch(List.of("kafka"), T0);
    assertThat(watch.observe(at(5), List.of(restarted("kafka", 5, 1))))
        .containsExactly(
            "kafka back after 4.0 s", "ready again: all 1 processes healthy after 4.0 s");
  }

  @Test
  void no_ready_again_while_a_process_stays_down() {
    HealthWatch watch = new HealthWatch(List.of("customers-relay", "order-app"), T0);
    watch.observe(at(2), List.of(dead("customers-relay", 2, 1), healthy("order-app", 2)));
    for (int i = 3; i < 10; i++) {
      assertThat(
              watch.observe(at(i), List.of(dead("customers-relay", i, 1), healthy("order-app", i))))
          .isEmpty();
    }
  }
}
