package dev.outbox.client.housekeeping;

import java.time.Duration;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Retention's SQL: the platform's purge functions ({@code consumer_purge_inbox}, {@code
 * consumer_purge_dead_letters}, V6), each call its own short transaction, and the {@code
 * consumer_tables} view. The rows themselves are written by the consumer runtime ({@code
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

  /** The consumer's row of {@code consumer_tables}; all zero when it has none. */
  TableSizes sizes() {
    Record row =
        dsl.fetchOptional(
                "select inbox_rows, aggregates, open_dead_letters, resolved_dead_letters,"
                    + " coalesce(extract(epoch from now() - inbox_oldest_received_at), 0) as inbox_age,"
                    + " coalesce(extract(epoch from now() - oldest_open_parked_at), 0) as open_age,"
                    + " coalesce(extract(epoch from now() - oldest_resolved_at), 0) as resolved_age"
                    + " from consumer_tables where consumer = ?",
                consumer)
            .orElse(null);
    if (row == null) {
      return TableSizes.EMPTY;
    }
    return new TableSizes(
        row.get("inbox_rows", Long.class),
        Math.max(0, row.get("inbox_age", Double.class)),
        row.get("aggregates", Long.class),
        row.get("open_dead_letters", Long.class),
        Math.max(0, row.get("open_age", Double.class)),
        row.get("resolved_dead_letters", Long.class),
        Math.max(0, row.get("resolved_age", Double.class)));
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
