package dev.outbox.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CountersTest {

  @Test
  void a_rate_is_the_counters_growth_per_second_summed_over_processes() {
    Double rate =
        Counters.rate(
            Map.of("order-app", 100.0, "order-app-2", 50.0),
            Map.of("order-app", 110.0, "order-app-2", 60.0),
            Duration.ofSeconds(2));
    assertThat(rate).isEqualTo(10.0);
  }

  @Test
  void a_restarted_process_counts_what_it_did_since_not_a_negative_rate() {
    assertThat(Counters.rate(Map.of("relay", 500.0), Map.of("relay", 4.0), Duration.ofSeconds(2)))
        .isEqualTo(2.0);
  }

  @Test
  void a_rate_needs_a_process_in_both_readings() {
    assertThat(Counters.rate(Map.of(), Map.of("relay", 4.0), Duration.ofSeconds(2))).isNull();
    assertThat(Counters.rate(Map.of("relay", 1.0), Map.of("relay", 4.0), Duration.ZERO)).isNull();
  }

  @Test
  void percentiles_interpolate_within_the_bucket_of_the_observations_between_readings() {
    NavigableMap<Double, Double> before = buckets(10, 10, 10, 10);
    // 100 new observations: 50 up to 0.1 s, 40 more up to 0.5 s, 10 more up to 1 s.
    NavigableMap<Double, Double> after = buckets(60, 100, 110, 110);
    NavigableMap<Double, Double> observed =
        Counters.bucketIncrease(Map.of("order-app", before), Map.of("order-app", after));

    assertThat(Counters.quantile(0.5, observed)).isCloseTo(0.1, within(1e-9));
    assertThat(Counters.quantile(0.99, observed)).isCloseTo(0.95, within(1e-9));
    assertThat(Counters.quantile(0.75, observed)).isCloseTo(0.1 + 0.4 * 25 / 40, within(1e-9));
  }

  @Test
  void no_observation_has_no_percentile_and_the_inf_bucket_gives_the_highest_bound() {
    assertThat(Counters.quantile(0.99, buckets(0, 0, 0, 0))).isNull();
    assertThat(Counters.quantile(0.99, buckets(0, 0, 0, 10))).isEqualTo(1.0);
  }

  /** Cumulative counts at le 0.1, 0.5, 1 and +Inf. */
  private static NavigableMap<Double, Double> buckets(double a, double b, double c, double inf) {
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    buckets.put(0.1, a);
    buckets.put(0.5, b);
    buckets.put(1.0, c);
    buckets.put(Double.POSITIVE_INFINITY, inf);
    return buckets;
  }
}
