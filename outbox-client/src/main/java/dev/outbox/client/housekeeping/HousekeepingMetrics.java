package dev.outbox.client.housekeeping;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one consumer's tables, all tagged {@code consumer=<name>} and {@code table}:
 *
 * <ul>
 *   <li>gauge {@code outbox.consumer.table.rows}: {@code table=inbox}, {@code consumer_aggregate},
 *       {@code dead_letter_open}, {@code dead_letter_resolved};
 *   <li>gauge {@code outbox.consumer.table.oldest.age} (seconds; 0 when empty): {@code inbox}
 *       (oldest received), {@code dead_letter_open} (oldest parked), {@code dead_letter_resolved}
 *       (oldest resolution);
 *   <li>counter {@code outbox.consumer.table.purged}: rows deleted by retention, {@code
 *       table=inbox} or {@code dead_letter}.
 * </ul>
 *
 * The gauges show the sizes as of the last housekeeping run.
 */
final class HousekeepingMetrics {

  private volatile TableSizes sizes = TableSizes.EMPTY;
  private final Counter inboxPurged;
  private final Counter deadLettersPurged;

  HousekeepingMetrics(MeterRegistry registry, String consumer) {
    rows(registry, consumer, "inbox", TableSizes::inboxRows);
    rows(registry, consumer, "consumer_aggregate", TableSizes::aggregates);
    rows(registry, consumer, "dead_letter_open", TableSizes::openDeadLetters);
    rows(registry, consumer, "dead_letter_resolved", TableSizes::resolvedDeadLetters);
    age(registry, consumer, "inbox", TableSizes::inboxOldestAgeSeconds);
    age(registry, consumer, "dead_letter_open", TableSizes::openOldestAgeSeconds);
    age(registry, consumer, "dead_letter_resolved", TableSizes::resolvedOldestAgeSeconds);
    inboxPurged = purged(registry, consumer, "inbox");
    deadLettersPurged = purged(registry, consumer, "dead_letter");
  }

  void sizes(TableSizes latest) {
    sizes = latest;
  }

  void inboxPurged(long rows) {
    inboxPurged.increment(rows);
  }

  void deadLettersPurged(long rows) {
    deadLettersPurged.increment(rows);
  }

  private void rows(
      MeterRegistry registry, String consumer, String table, ToDoubleFunction<TableSizes> value) {
    Gauge.builder("outbox.consumer.table.rows", this, m -> value.applyAsDouble(m.sizes))
        .description("Rows of a consumer's table, as of the last housekeeping run")
        .tag("consumer", consumer)
        .tag("table", table)
        .register(registry);
  }

  private void age(
      MeterRegistry registry, String consumer, String table, ToDoubleFunction<TableSizes> value) {
    Gauge.builder("outbox.consumer.table.oldest.age", this, m -> value.applyAsDouble(m.sizes))
        .description("Age of the oldest row of a consumer's table (0 when empty)")
        .baseUnit("seconds")
        .tag("consumer", consumer)
        .tag("table", table)
        .register(registry);
  }

  private static Counter purged(MeterRegistry registry, String consumer, String table) {
    return Counter.builder("outbox.consumer.table.purged")
        .description("Rows deleted by retention")
        .tag("consumer", consumer)
        .tag("table", table)
        .register(registry);
  }
}
