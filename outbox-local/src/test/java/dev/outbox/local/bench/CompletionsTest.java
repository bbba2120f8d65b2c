package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CompletionsTest {

  @Test
  void events_of_the_first_instant_do_not_count_toward_the_rate() {
    // Three batches: 4 events at 0 ms, 4 at 100 ms, 2 at 200 ms: 6 events done in 0.2 s.
    long[] millis = {100, 0, 0, 200, 100, 0, 100, 0, 200, 100};

    assertThat(Completions.perSecond(millis, 1000.0)).isCloseTo(30.0, within(1e-9));
  }

  @Test
  void one_instant_gives_no_rate() {
    assertThat(Completions.perSecond(new long[] {5, 5, 5}, 1000.0)).isZero();
    assertThat(Completions.perSecond(new long[] {5}, 1000.0)).isZero();
  }

  @Test
  void span_is_first_to_last() {
    assertThat(Completions.spanSeconds(new long[] {3_000_000, 1_000_000, 2_000_000}, 1e6))
        .isCloseTo(2.0, within(1e-9));
  }
}
