package dev.outbox.client.internal;

import org.jooq.DSLContext;

/**
 * Serialises the work of one consumer on one aggregate across transactions: live records, replays
 * and discards take it first, so a record cannot slip past a dead letter that is being resolved. A
 * transaction-scoped advisory lock, released by commit or rollback. Not API.
 */
public final class AggregateLock {

  private AggregateLock() {}

  /** Waits for and takes the lock of (consumer, aggregate type, aggregate id) in {@code tx}. */
  public static void lock(
      DSLContext tx, String consumer, String aggregateType, String aggregateId) {
    // Different keys may share a hash: that only makes two aggregates wait for each other.
    tx.fetchOne(
        "select count(*) from (select pg_advisory_xact_lock(hashtextextended(?, 0))) l",
        consumer + "|" + aggregateType + "|" + aggregateId);
  }
}
