package dev.outbox.client.housekeeping;

import java.time.Duration;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Retention's SQL: the platform's purge functions ({@code consumer_purge_inbox}, {@code
 * consumer_purge_dead_letters}, V6), each call its own short transaction, and the figures of the
 * {@code consumer_tables} view. The rows themselves are written by the consumer runtime ({@code
 * ConsumerState}, {@code DeadLetterStore}); the deletions are the functions', which keep the rules
 * (oldest first, never an open dead letter, never one still referred to) in one place in SQL.
 */
final class ConsumerTables {

  private final DSLContext dsl;
  private final String consumer;

  ConsumerTables(DSLContext dsl, String consumer) {
    this.dsl = dsl;
    this.consumer = consumer;
  }

  /** Deletes at most {@code limit} inbox rows received longer ago than {@code minAge}. */
  long purgeInbox(Duration minAge, int limit) {
    return call("consumer_purge_inbox", minAge, limit);
  }

  /** Deletes at most {@code limit} dead letters resolved longer ago than {@code minAge}. */
  long purgeDeadLetters(Duration minAge, int limit) {
    return call("consumer_purge_dead_letters", minAge, limit);
  }

  /**
   * The consumer's figures of the {@code consumer_tables} view, read for this consumer alone (the
   * view finds every consumer first): row counts, and the oldest rows' ages in seconds (0 when
   * empty).
   */
  TableSizes sizes() {
    Record row =
        dsl.fetchOne(
            "select"
                + " (select count(*) from inbox where consumer = ?) as inbox_rows,"
                + " (select extract(epoch from now() - min(received_at)) from inbox"
                + "   where consumer = ?) as inbox_age,"
                + " (select count(*) from consumer_aggregate where consumer = ?) as aggregates,"
                + " (select count(*) from dead_letter"
                + "   where consumer = ? and status in ('PARKED', 'BLOCKED')) as open,"
                + " (select extract(epoch from now() - min(parked_at)) from dead_letter"
                + "   where consumer = ? and status in ('PARKED', 'BLOCKED')) as open_age,"
                + " (select count(*) from dead_letter"
                + "   where consumer = ? and status in ('REPLAYED', 'DISCARDED')) as resolved,"
                + " (select extract(epoch from now() - min(resolved_at)) from dead_letter"
                + "   where consumer = ? and status in ('REPLAYED', 'DISCARDED')) as resolved_age",
            consumer,
            consumer,
            consumer,
            consumer,
            consumer,
            consumer,
            consumer);
    return new TableSizes(
        row.get("inbox_rows", Long.class),
        age(row, "inbox_age"),
        row.get("aggregates", Long.class),
        row.get("open", Long.class),
        age(row, "open_age"),
        row.get("resolved", Long.class),
        age(row, "resolved_age"));
  }

  private static double age(Record row, String field) {
    Double seconds = row.get(field, Double.class);
    return seconds == null ? 0 : Math.max(0, seconds);
  }

  private long call(String function, Duration minAge, int limit) {
    // Outside any transaction of the caller: one statement, one transaction, its locks short.
    Long deleted =
        dsl.fetchOne(
                "select " + function + "(?, make_interval(secs => ?), ?)",
                consumer,
                minAge.toMillis() / 1000.0,
                limit)
            .get(0, Long.class);
    return deleted == null ? 0 : deleted;
  }
}
