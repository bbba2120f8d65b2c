package dev.outbox.client.consume;

import static dev.outbox.client.jooq.Tables.CONSUMER_AGGREGATE;
import static dev.outbox.client.jooq.Tables.CONSUMER_COUNTER;
import static dev.outbox.client.jooq.Tables.INBOX;

import dev.outbox.client.internal.AggregateKey;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The one owner of a consumer's rows in {@code inbox}, {@code consumer_aggregate} and {@code
 * consumer_counter}: which events it applied, the last version applied of each aggregate, and the
 * counts of what it ignored. Every method runs in the caller's transaction, which holds the
 * aggregate's lock. The plural methods do the same for a batch, each in one statement (arrays bound
 * as parameters and unnested), whatever the batch's size.
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

  /**
   * Inserts the inbox rows of events whose ids are not there yet, in one statement.
   *
   * @param events distinct event ids
   * @return the ids that were new (the others are redeliveries)
   */
  Set<UUID> insertNew(DSLContext tx, List<Received> events) {
    int n = events.size();
    String[] ids = new String[n];
    String[] types = new String[n];
    String[] aggregateIds = new String[n];
    String[] versions = new String[n];
    String[] eventTypes = new String[n];
    String[] topics = new String[n];
    String[] partitions = new String[n];
    String[] offsets = new String[n];
    String[] times = new String[n];
    String[] backfills = new String[n];
    for (int i = 0; i < n; i++) {
      CloudEventHeaders headers = events.get(i).headers();
      IncomingEvent in = events.get(i).in();
      ids[i] = headers.id().toString();
      types[i] = headers.aggregateType();
      aggregateIds[i] = headers.aggregateId();
      versions[i] = Long.toString(headers.aggregateVersion());
      eventTypes[i] = headers.type();
      topics[i] = in.topic();
      partitions[i] = Integer.toString(in.partition());
      offsets[i] = Long.toString(in.offset());
      times[i] = headers.time().atOffset(ZoneOffset.UTC).toString();
      backfills[i] = headers.backfillId() == null ? null : headers.backfillId().toString();
    }
    Set<UUID> inserted = new HashSet<>();
    for (Record row :
        tx.fetch(
            "insert into inbox (consumer, event_id, aggregate_type, aggregate_id,"
                + " aggregate_version, event_type, topic, kafka_partition, kafka_offset,"
                + " occurred_at, backfill_id)"
                + " select ?, e, t, a, v, y, p, k, o, w, b from unnest(?::text[]::uuid[],"
                + " ?::text[], ?::text[], ?::text[]::bigint[], ?::text[], ?::text[],"
                + " ?::text[]::integer[], ?::text[]::bigint[], ?::text[]::timestamptz[],"
                + " ?::text[]::uuid[]) as x(e, t, a, v, y, p, k, o, w, b)"
                + " on conflict do nothing returning event_id",
            consumer,
            ids,
            types,
            aggregateIds,
            versions,
            eventTypes,
            topics,
            partitions,
            offsets,
            times,
            backfills)) {
      inserted.add(row.get(0, UUID.class));
    }
    return inserted;
  }

  /**
   * The last versions applied of some aggregates, their rows locked until the transaction ends; an
   * aggregate with no event applied yet is absent.
   */
  Map<AggregateKey, Long> lockLastVersions(DSLContext tx, Collection<AggregateKey> aggregates) {
    String[] types = aggregates.stream().map(AggregateKey::type).toArray(String[]::new);
    String[] ids = aggregates.stream().map(AggregateKey::id).toArray(String[]::new);
    Map<AggregateKey, Long> last = new HashMap<>();
    for (Record row :
        tx.fetch(
            "select c.aggregate_type, c.aggregate_id, c.last_version from consumer_aggregate c"
                + " join unnest(?::text[], ?::text[]) as x(t, a)"
                + " on c.aggregate_type = x.t and c.aggregate_id = x.a"
                + " where c.consumer = ? for update of c",
            types,
            ids,
            consumer)) {
      last.put(
          new AggregateKey(row.get(0, String.class), row.get(1, String.class)),
          row.get(2, Long.class));
    }
    return last;
  }

  /** Makes each given event's version the last applied of its aggregate (one per aggregate). */
  void advanceAll(DSLContext tx, Collection<CloudEventHeaders> newest) {
    int n = newest.size();
    String[] types = new String[n];
    String[] ids = new String[n];
    String[] versions = new String[n];
    String[] events = new String[n];
    int i = 0;
    for (CloudEventHeaders headers : newest) {
      types[i] = headers.aggregateType();
      ids[i] = headers.aggregateId();
      versions[i] = Long.toString(headers.aggregateVersion());
      events[i] = headers.id().toString();
      i++;
    }
    tx.execute(
        "insert into consumer_aggregate (consumer, aggregate_type, aggregate_id, last_version,"
            + " last_event_id) select ?, t, a, v, e from unnest(?::text[], ?::text[],"
            + " ?::text[]::bigint[], ?::text[]::uuid[]) as x(t, a, v, e)"
            + " on conflict (consumer, aggregate_type, aggregate_id) do update"
            + " set last_version = excluded.last_version, last_event_id = excluded.last_event_id,"
            + " updated_at = now()",
        consumer,
        types,
        ids,
        versions,
        events);
  }

  /** Adds to counters, one statement for all of them. */
  void countAll(DSLContext tx, EnumMap<Counter, Long> counts) {
    if (counts.isEmpty()) {
      return;
    }
    String[] names = counts.keySet().stream().map(Counter::column).toArray(String[]::new);
    String[] values = counts.values().stream().map(String::valueOf).toArray(String[]::new);
    tx.execute(
        "insert into consumer_counter (consumer, counter, value) select ?, c, v from"
            + " unnest(?::text[], ?::text[]::bigint[]) as x(c, v)"
            + " on conflict (consumer, counter) do update"
            + " set value = consumer_counter.value + excluded.value, updated_at = now()",
        consumer,
        names,
        values);
  }

  /** A record with its parsed headers, as a batch holds it. */
  record Received(CloudEventHeaders headers, IncomingEvent in) {}
}
