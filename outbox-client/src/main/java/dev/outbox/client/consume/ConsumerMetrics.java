package dev.outbox.client.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * The Micrometer meters of one consumer, all tagged {@code consumer=<name>}. Its freshness, how
 * long after its source commit an event is visible in the view, is three of them ({@link #fresh}):
 *
 * <ul>
 *   <li>{@code outbox.consumer.freshness}, a timer with a histogram (Prometheus {@code
 *       outbox_consumer_freshness_seconds_bucket}, {@code _count}, {@code _sum}, {@code _max}),
 *       with a bucket at the objective (p50 and p99 are {@code histogram_quantile} over the
 *       buckets: the Prometheus registry does not render client-side percentiles beside a
 *       histogram);
 *   <li>{@code outbox.consumer.freshness.within.objective}, a counter of the events of that timer
 *       that were at most the objective: divided by the timer's count, the share within it over any
 *       window;
 *   <li>{@code outbox.consumer.freshness.objective}, a gauge of the objective in seconds, for
 *       dashboards and alerts to compare with.
 * </ul>
 */
final class ConsumerMetrics {

  private final Counter consumed;
  private final Counter applied;
  private final Counter duplicates;
  private final Counter stale;
  private final Counter gaps;
  private final Counter snapshotsApplied;
  private final Counter snapshotsSkipped;
  private final Counter parked;
  private final Counter blocked;
  private final Counter transientFailures;
  private final Counter permanentFailures;
  private final Timer commitToApplied;
  private final DistributionSummary batchSize;
  private final Counter batchFallbacks;
  private final Duration freshnessObjective;
  private final Timer freshness;
  private final Counter withinObjective;

  /** The meters with the default freshness objective. */
  ConsumerMetrics(MeterRegistry registry, String consumer) {
    this(registry, consumer, EventConsumerConfig.DEFAULT_FRESHNESS_OBJECTIVE);
  }

  ConsumerMetrics(MeterRegistry registry, String consumer, Duration freshnessObjective) {
    consumed = counter(registry, "outbox.consumer.consumed", consumer, "Records handled to an end");
    applied = counter(registry, "outbox.consumer.applied", consumer, "Events applied");
    duplicates =
        counter(registry, "outbox.consumer.duplicates", consumer, "Redeliveries, not applied");
    stale = counter(registry, "outbox.consumer.stale", consumer, "Stale versions, not applied");
    gaps = counter(registry, "outbox.consumer.gaps", consumer, "Events applied after a gap");
    snapshotsApplied =
        counter(
            registry,
            "outbox.consumer.snapshots.applied",
            consumer,
            "Backfill snapshots applied (counted in applied too)");
    snapshotsSkipped =
        counter(
            registry,
            "outbox.consumer.snapshots.skipped",
            consumer,
            "Backfill snapshots not newer than the view, not applied");
    parked =
        Counter.builder("outbox.consumer.parked")
            .description("Records stored as dead letters")
            .tag("consumer", consumer)
            .tag("status", "PARKED")
            .register(registry);
    blocked =
        Counter.builder("outbox.consumer.parked")
            .description("Records stored as dead letters")
            .tag("consumer", consumer)
            .tag("status", "BLOCKED")
            .register(registry);
    transientFailures =
        Counter.builder("outbox.consumer.failed.attempts")
            .description(
                "Failed attempts at a record (permanent ones end parked after maxAttempts)")
            .tag("consumer", consumer)
            .tag("kind", "transient")
            .register(registry);
    permanentFailures =
        Counter.builder("outbox.consumer.failed.attempts")
            .description(
                "Failed attempts at a record (permanent ones end parked after maxAttempts)")
            .tag("consumer", consumer)
            .tag("kind", "permanent")
            .register(registry);
    commitToApplied =
        Timer.builder("outbox.consumer.commit.to.applied")
            .description("From the event's time (ce_time) to the commit of its application")
            .tag("consumer", consumer)
            .publishPercentileHistogram()
            .register(registry);
    batchSize =
        DistributionSummary.builder("outbox.consumer.batch.size")
            .description("Records applied together in one database transaction")
            .tag("consumer", consumer)
            .register(registry);
    batchFallbacks =
        counter(
            registry,
            "outbox.consumer.batch.fallbacks",
            consumer,
            "Batches that failed and were handled again one record at a time");
    this.freshnessObjective = freshnessObjective;
    freshness =
        Timer.builder("outbox.consumer.freshness")
            .description(
                "From the source transaction's commit (ce_committime; ce_time from a relay without"
                    + " it) until the event's application committed and the view showed it")
            .tag("consumer", consumer)
            .publishPercentileHistogram()
            .serviceLevelObjectives(freshnessObjective)
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    withinObjective =
        counter(
            registry,
            "outbox.consumer.freshness.within.objective",
            consumer,
            "Events visible in the view within the freshness objective of their source commit");
    Gauge.builder("outbox.consumer.freshness.objective", freshnessObjective, d -> seconds(d))
        .description("The freshness objective: the most an event should take to be visible")
        .tag("consumer", consumer)
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static Counter counter(
      MeterRegistry registry, String name, String consumer, String description) {
    return Counter.builder(name)
        .description(description)
        .tag("consumer", consumer)
        .register(registry);
  }

  void record(Outcome outcome, Instant eventTime, Instant now) {
    consumed.increment();
    switch (outcome) {
      case APPLIED, APPLIED_AFTER_GAP, SNAPSHOT_APPLIED -> {
        applied.increment();
        if (outcome == Outcome.APPLIED_AFTER_GAP) {
          gaps.increment();
        }
        if (outcome == Outcome.SNAPSHOT_APPLIED) {
          snapshotsApplied.increment();
        }
        if (eventTime != null) {
          Duration latency = Duration.between(eventTime, now);
          commitToApplied.record(latency.isNegative() ? Duration.ZERO : latency);
        }
      }
      case DUPLICATE -> duplicates.increment();
      case STALE -> stale.increment();
      case SNAPSHOT_SKIPPED -> snapshotsSkipped.increment();
      case BLOCKED -> blocked.increment();
      case PARKED -> parked.increment();
    }
  }

  /**
   * An applied event became visible: its transaction committed at {@code visibleAt}.
   *
   * @param from its source commit ({@link CloudEventHeaders#freshnessStart()})
   */
  void fresh(Instant from, Instant visibleAt) {
    Duration age = Duration.between(from, visibleAt);
    if (age.isNegative()) {
      // The source's clock ahead of this one: as fresh as can be.
      age = Duration.ZERO;
    }
    freshness.record(age);
    if (age.compareTo(freshnessObjective) <= 0) {
      withinObjective.increment();
    }
  }

  void batch(int records) {
    batchSize.record(records);
  }

  void batchFellBack() {
    batchFallbacks.increment();
  }

  void failedAttempt(boolean transientFailure) {
    (transientFailure ? transientFailures : permanentFailures).increment();
  }
}
