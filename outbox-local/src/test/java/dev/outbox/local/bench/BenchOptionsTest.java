package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.local.bench.BenchOptions.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static BenchOptions options(int events, int singleEvents, Set<Phase> skipped) {
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
        options(100, 100, Set.of(Phase.RELAY, Phase.POLLING, Phase.APPLY, Phase.SINGLE));

    assertThat(e2eOnly.needsBacklog()).isFalse();
    assertThat(Bench.phases(e2eOnly)).isEqualTo(2);
    assertThat(Bench.phases(options(100, 100, Set.of()))).isEqualTo(6);
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
    assertThatThrownBy(() -> Phase.of("relays"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relay, polling, apply, single, e2e");
  }
}
