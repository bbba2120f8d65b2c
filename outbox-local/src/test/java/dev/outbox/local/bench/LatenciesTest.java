package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentiles_are_nearest_rank() {
    // 1 ms .. 100 ms, shuffled order does not matter.
    long[] micros = LongStream.rangeClosed(1, 100).map(ms -> (101 - ms) * 1000).toArray();

    Latencies latencies = Latencies.ofMicros(micros);

    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.p50Millis()).isEqualTo(50.0);
    assertThat(latencies.p99Millis()).isEqualTo(99.0);
    assertThat(latencies.maxMillis()).isEqualTo(100.0);
  }

  @Test
  void one_latency_is_every_percentile() {
    Latencies latencies = Latencies.ofMicros(new long[] {2500});

    assertThat(latencies.p50Millis()).isEqualTo(2.5);
    assertThat(latencies.p99Millis()).isEqualTo(2.5);
    assertThat(latencies.maxMillis()).isEqualTo(2.5);
  }

  @Test
  void no_latency_is_an_error_not_a_zero() {
    assertThatThrownBy(() -> Latencies.ofMicros(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
