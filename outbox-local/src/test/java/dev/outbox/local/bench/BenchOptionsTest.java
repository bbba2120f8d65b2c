package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.local.bench.BenchOptions.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static BenchOptions options(int events, int singleEvents, Set<Phase> skipped) {
    return options(events, singleEvents, List.of(1, 2, 3), events, skipped);
  }

  private static BenchOptions options(
      int events,
      int singleEvents,
      List<Integer> scaleInstances,
      int scaleEvents,
      Set<Phase> skipped) {
    return new BenchOptions(
        Path.of("."),
        Path.of("logs"),
        events,
        singleEvents,
        300,
        1000,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        1000,
        8,
        scaleInstances,
        scaleEvents,
        skipped);
  }

  @Test
  void consumer_phases_need_a_drain_that_puts_the_backlog_on_kafka() {
    assertThatThrownBy(() -> options(100, 100, Set.of(Phase.RELAY, Phase.POLLING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep relay or polling");

    BenchOptions polled = options(100, 100, Set.of(Phase.RELAY));
    assertThat(polled.runs(Phase.APPLY)).isTrue();
    assertThat(polled.needsBacklog()).isTrue();
  }

  @Test
  void only_end_to_end_writes_no_backlog() {
    BenchOptions e2eOnly =
        options(
            100, 100, Set.of(Phase.RELAY, Phase.POLLING, Phase.APPLY, Phase.SINGLE, Phase.SCALE));

    assertThat(e2eOnly.needsBacklog()).isFalse();
    assertThat(Bench.phases(e2eOnly)).isEqualTo(2);
    assertThat(Bench.phases(options(100, 100, Set.of()))).isEqualTo(7);
  }

  @Test
  void the_scaling_phase_alone_still_needs_the_backlog_on_kafka() {
    BenchOptions scaleOnly =
        options(100, 100, Set.of(Phase.POLLING, Phase.APPLY, Phase.SINGLE, Phase.E2E));

    assertThat(scaleOnly.needsBacklog()).isTrue();
    assertThat(Bench.phases(scaleOnly)).isEqualTo(4);
    assertThatThrownBy(
            () ->
                options(
                    100,
                    100,
                    Set.of(Phase.RELAY, Phase.POLLING, Phase.APPLY, Phase.SINGLE, Phase.E2E)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep relay or polling");
  }

  @Test
  void scale_instances_include_one_each_count_once_within_bounds() {
    assertThat(options(100, 100, List.of(3, 1), 100, Set.of()).scaleInstances())
        .containsExactly(3, 1);
    assertThatThrownBy(() -> options(100, 100, List.of(2, 3), 100, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must include 1");
    assertThatThrownBy(() -> options(100, 100, List.of(), 100, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must include 1");
    assertThatThrownBy(() -> options(100, 100, List.of(1, 2, 2), 100, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("each count once");
    assertThatThrownBy(() -> options(100, 100, List.of(1, 0), 100, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to " + BenchOptions.MAX_INSTANCES);
    assertThatThrownBy(
            () -> options(100, 100, List.of(1, BenchOptions.MAX_INSTANCES + 1), 100, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was " + (BenchOptions.MAX_INSTANCES + 1));
  }

  @Test
  void the_scaled_apply_is_at_most_the_backlog() {
    assertThat(options(100, 100, List.of(1), 50, Set.of()).scaleEvents()).isEqualTo(50);
    assertThatThrownBy(() -> options(100, 100, List.of(1), 101, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--scale-events");
    assertThatThrownBy(() -> options(100, 100, List.of(1), 0, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--scale-events must be at least 1");
  }

  @Test
  void the_single_event_apply_is_at_most_the_backlog() {
    assertThatThrownBy(() -> options(100, 101, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--single-events");
  }

  @Test
  void skip_names_a_phase_or_is_refused() {
    assertThat(Phase.of(" E2E ")).isEqualTo(Phase.E2E);
    assertThat(Phase.of("scale")).isEqualTo(Phase.SCALE);
    assertThatThrownBy(() -> Phase.of("relays"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relay, polling, apply, single, scale, e2e");
  }
}
