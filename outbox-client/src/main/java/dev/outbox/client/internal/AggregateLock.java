package dev.outbox.client.internal;

import java.util.Collection;
import org.jooq.DSLContext;

/**
 * The advisory locks of a transaction that applies events for a consumer, both transaction-scoped
 * (released by commit or rollback). Not API.
 *
 * <ul>
 *   <li>The consumer's lock, {@code consumer_lock_key(consumer)} (platform V4), held shared: every
 *       applying transaction of the consumer holds it, so that a rebuild, which takes it
 *       exclusively while it resets the consumer's view, never sees an event applied halfway and
 *       holds back every new one until it commits.
 *   <li>The aggregate's lock, exclusive: it serialises the work of one consumer on one aggregate
 *       across transactions. Live records, replays and discards take it, so a record cannot slip
 *       past a dead letter that is being resolved.
 * </ul>
 *
 * Always in that order (the consumer's lock first), so that two lockers never wait for each other
 * the other way round.
 */
public final class AggregateLock {

  private AggregateLock() {}

  /**
   * Waits for and takes the consumer's lock shared, then the lock of (consumer, aggregate type,
   * aggregate id), in {@code tx} and in one round trip.
   */
  public static void lock(
      DSLContext tx, String consumer, String aggregateType, String aggregateId) {
    // The inner select is evaluated first (OFFSET 0 keeps the planner from merging it), so the
    // shared lock is held before the aggregate's is asked for. Different aggregate keys may share
    // a hash: that only makes two aggregates wait for each other.
    tx.fetchOne(
        "select count(*) from ("
            + "select pg_advisory_xact_lock(hashtextextended(?, 0)) from ("
            + "select pg_advisory_xact_lock_shared(consumer_lock_key(?)) offset 0) c) a",
        consumer + "|" + aggregateType + "|" + aggregateId,
        consumer);
  }

  /**
   * Waits for and takes the consumer's lock shared in {@code tx}: first thing in a transaction that
   * takes other locks (a dead letter's row) before it knows the aggregate. Taking it again later
   * (with {@link #lock}) is harmless.
   */
  public static void lockConsumer(DSLContext tx, String consumer) {
    tx.fetchOne(
        "select count(*) from (select pg_advisory_xact_lock_shared(consumer_lock_key(?))) c",
        consumer);
  }

  /**
   * Takes the consumer's lock shared, then the locks of several aggregates of it, in {@code tx}:
   * what {@link #lock} does for each, for a batch. The aggregates' locks are taken in the order of
   * their keys, so that two batches with aggregates in common wait for each other instead of each
   * holding what the other needs.
   */
  public static void lockAll(DSLContext tx, String consumer, Collection<AggregateKey> aggregates) {
    lockConsumer(tx, consumer);
    // The sorted subquery (OFFSET 0 keeps it whole) hands the keys to the lock calls in order.
    tx.fetchOne(
        "select count(pg_advisory_xact_lock(k)) from ("
            + "select distinct hashtextextended(? || '|' || a, 0) as k"
            + " from unnest(?::text[]) as a order by k offset 0) s",
        consumer,
        aggregates.stream().map(AggregateKey::lockText).toArray(String[]::new));
  }
}
