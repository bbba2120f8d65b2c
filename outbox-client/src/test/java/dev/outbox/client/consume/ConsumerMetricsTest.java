package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The freshness meters, fed with the instants a fake clock would give. */
class ConsumerMetricsTest {

  private static final Instant COMMIT = Instant.parse("2026-11-26T13:05:00.125301Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConsumerMetrics metrics =
      new ConsumerMetrics(registry, "c1", Duration.ofMillis(500));

  private Timer freshness() {
    return registry.get("outbox.consumer.freshness").tag("consumer", "c1").timer();
  }

  private double withinObjective() {
    Counter counter =
        registry.get("outbox.consumer.freshness.within.objective").tag("consumer", "c1").counter();
    return counter.count();
  }

  @Test
  void each_applied_event_is_timed_from_its_source_commit_to_the_view_commit() {
    metrics.fresh(COMMIT, COMMIT.plusMillis(120));
    metrics.fresh(COMMIT, COMMIT.plusMillis(2_000));

    assertThat(freshness().count()).isEqualTo(2);
    assertThat(freshness().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_120);
    assertThat(freshness().max(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
  }

  @Test
  void the_objective_itself_is_within_it_and_a_microsecond_more_is_not() {
    metrics.fresh(COMMIT, COMMIT.plusMillis(499));
    metrics.fresh(COMMIT, COMMIT.plusMillis(500));
    metrics.fresh(COMMIT, COMMIT.plusMillis(500).plusNanos(1_000));
    metrics.fresh(COMMIT, COMMIT.plusSeconds(60));

    assertThat(freshness().count()).isEqualTo(4);
    assertThat(withinObjective()).isEqualTo(2);
  }

  @Test
  void a_source_clock_ahead_of_ours_counts_as_zero_and_within() {
    metrics.fresh(COMMIT.plusSeconds(3), COMMIT);

    assertThat(freshness().max(TimeUnit.NANOSECONDS)).isZero();
    assertThat(withinObjective()).isEqualTo(1);
  }

  @Test
  void the_histogram_has_a_bucket_at_the_objective_and_the_objective_is_a_gauge() {
    metrics.fresh(COMMIT, COMMIT.plusMillis(300));
    metrics.fresh(COMMIT, COMMIT.plusMillis(700));

    CountAtBucket atObjective =
        Arrays.stream(freshness().takeSnapshot().histogramCounts())
            .filter(b -> b.bucket(TimeUnit.MILLISECONDS) == 500)
            .findFirst()
            .orElseThrow();
    assertThat(atObjective.count()).isEqualTo(1);
    Gauge objective =
        registry.get("outbox.consumer.freshness.objective").tag("consumer", "c1").gauge();
    assertThat(objective.value()).isEqualTo(0.5);
  }

  @Test
  void events_not_applied_are_not_timed() {
    metrics.record(Outcome.DUPLICATE, COMMIT, COMMIT.plusSeconds(1));
    metrics.record(Outcome.STALE, COMMIT, COMMIT.plusSeconds(1));

    assertThat(freshness().count()).isZero();
    assertThat(withinObjective()).isZero();
  }

  @Test
  void the_default_objective_is_one_second() {
    var defaults = new SimpleMeterRegistry();
    var metrics = new ConsumerMetrics(defaults, "c2");
    metrics.fresh(COMMIT, COMMIT.plusMillis(1_000));
    metrics.fresh(COMMIT, COMMIT.plusMillis(1_001));

    assertThat(
            defaults
                .get("outbox.consumer.freshness.within.objective")
                .tag("consumer", "c2")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(EventConsumerConfig.defaults("c2", "k:9092").freshnessObjective())
        .isEqualTo(Duration.ofSeconds(1))
        .isEqualTo(EventConsumerConfig.DEFAULT_FRESHNESS_OBJECTIVE);
  }
}
