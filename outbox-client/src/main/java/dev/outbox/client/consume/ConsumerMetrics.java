package dev.outbox.client.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/** The Micrometer meters of one consumer, all tagged {@code consumer=<name>}. */
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

  ConsumerMetrics(MeterRegistry registry, String consumer) {
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
