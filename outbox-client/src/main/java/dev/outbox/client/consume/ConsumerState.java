package dev.outbox.client.consume;

import static dev.outbox.client.jooq.Tables.CONSUMER_AGGREGATE;
import static dev.outbox.client.jooq.Tables.CONSUMER_COUNTER;
import static dev.outbox.client.jooq.Tables.INBOX;

import java.time.ZoneOffset;
import java.util.Locale;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The one owner of a consumer's rows in {@code inbox}, {@code consumer_aggregate} and {@code
 * consumer_counter}: which events it applied, the last version applied of each aggregate, and the
 * counts of what it ignored. Every method runs in the caller's transaction, which holds the
 * aggregate's lock.
 */
final class ConsumerState {

  /** The counters of {@code consumer_counter}. */
  enum Counter {
    /** An event id already in the inbox. */
    DUPLICATE,
    /** A version not newer than the last applied one. */
    STALE,
    /** A version beyond the next expected one, applied all the same. */
    GAP,
    /** A snapshot not newer than the last applied version. */
    SNAPSHOT_SKIPPED;

    String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String consumer;

  ConsumerState(String consumer) {
    this.consumer = consumer;
  }

  /**
   * Inserts the event's inbox row unless its id is there already; a snapshot's row records its
   * backfill.
   *
   * @return false when the event id was already in the inbox (a redelivery)
   */
  boolean insertIfNew(DSLContext tx, CloudEventHeaders headers, IncomingEvent in) {
    return tx.insertInto(INBOX)
            .set(INBOX.CONSUMER, consumer)
            .set(INBOX.EVENT_ID, headers.id())
            .set(INBOX.AGGREGATE_TYPE, headers.aggregateType())
            .set(INBOX.AGGREGATE_ID, headers.aggregateId())
            .set(INBOX.AGGREGATE_VERSION, headers.aggregateVersion())
            .set(INBOX.EVENT_TYPE, headers.type())
            .set(INBOX.TOPIC, in.topic())
            .set(INBOX.KAFKA_PARTITION, in.partition())
            .set(INBOX.KAFKA_OFFSET, in.offset())
            .set(INBOX.OCCURRED_AT, headers.time().atOffset(ZoneOffset.UTC))
            .set(INBOX.BACKFILL_ID, headers.backfillId())
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  /**
   * The last version applied of an aggregate, its row locked until the transaction ends.
   *
   * @return empty when no event of the aggregate was applied yet
   */
  OptionalLong lockLastVersion(DSLContext tx, String aggregateType, String aggregateId) {
    Long last =
        tx.select(CONSUMER_AGGREGATE.LAST_VERSION)
            .from(CONSUMER_AGGREGATE)
            .where(CONSUMER_AGGREGATE.CONSUMER.eq(consumer))
            .and(CONSUMER_AGGREGATE.AGGREGATE_TYPE.eq(aggregateType))
            .and(CONSUMER_AGGREGATE.AGGREGATE_ID.eq(aggregateId))
            .forUpdate()
            .fetchOne(CONSUMER_AGGREGATE.LAST_VERSION);
    return last == null ? OptionalLong.empty() : OptionalLong.of(last);
  }

  /** Makes the event's version the last applied of its aggregate. */
  void advance(DSLContext tx, CloudEventHeaders headers) {
    tx.insertInto(CONSUMER_AGGREGATE)
        .set(CONSUMER_AGGREGATE.CONSUMER, consumer)
        .set(CONSUMER_AGGREGATE.AGGREGATE_TYPE, headers.aggregateType())
        .set(CONSUMER_AGGREGATE.AGGREGATE_ID, headers.aggregateId())
        .set(CONSUMER_AGGREGATE.LAST_VERSION, headers.aggregateVersion())
        .set(CONSUMER_AGGREGATE.LAST_EVENT_ID, headers.id())
        .onConflict(
            CONSUMER_AGGREGATE.CONSUMER,
            CONSUMER_AGGREGATE.AGGREGATE_TYPE,
            CONSUMER_AGGREGATE.AGGREGATE_ID)
        .doUpdate()
        .set(CONSUMER_AGGREGATE.LAST_VERSION, headers.aggregateVersion())
        .set(CONSUMER_AGGREGATE.LAST_EVENT_ID, headers.id())
        .set(CONSUMER_AGGREGATE.UPDATED_AT, DSL.currentOffsetDateTime())
        .execute();
  }

  /** Adds one to a counter. */
  void count(DSLContext tx, Counter counter) {
    tx.insertInto(CONSUMER_COUNTER)
        .set(CONSUMER_COUNTER.CONSUMER, consumer)
        .set(CONSUMER_COUNTER.COUNTER, counter.column())
        .set(CONSUMER_COUNTER.VALUE, 1L)
        .onConflict(CONSUMER_COUNTER.CONSUMER, CONSUMER_COUNTER.COUNTER)
        .doUpdate()
        .set(CONSUMER_COUNTER.VALUE, CONSUMER_COUNTER.VALUE.plus(1L))
        .set(CONSUMER_COUNTER.UPDATED_AT, DSL.currentOffsetDateTime())
        .execute();
  }
}
