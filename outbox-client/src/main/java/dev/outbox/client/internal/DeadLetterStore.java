package dev.outbox.client.internal;

import static dev.outbox.client.jooq.Tables.DEAD_LETTER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetterStatus;
import dev.outbox.client.jooq.tables.records.DeadLetterRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The one owner of a consumer's rows in {@code dead_letter}: it writes them (parked, blocked),
 * reads them and resolves them, and it alone knows their encoding (headers as a JSON object of
 * strings, one mapper both ways). The consumer runtime parks with it and {@link
 * dev.outbox.client.deadletter.DeadLetters} lists and replays with it. Not API.
 */
public final class DeadLetterStore {

  // Headers are text to text: a plain mapper, whatever the app configured for its payloads, so
  // that what is written is always read back the same.
  private static final ObjectMapper HEADERS_JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  /**
   * A record to store, with whatever identifying attributes could be read from it (each null when
   * it could not).
   *
   * @param headers the record's headers as text
   * @param payload the record's value as text, null for a null value
   */
  public record NewDeadLetter(
      String topic,
      int partition,
      long offset,
      String key,
      Map<String, String> headers,
      String payload,
      UUID eventId,
      String aggregateType,
      String aggregateId,
      Long aggregateVersion,
      String eventType) {

    public NewDeadLetter {
      Objects.requireNonNull(topic, "topic");
      headers = Map.copyOf(headers);
    }
  }

  private final String consumer;

  /** The dead letters of {@code consumer}. */
  public DeadLetterStore(String consumer) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
  }

  /** The consumer whose dead letters these are. */
  public String consumer() {
    return consumer;
  }

  /** The id of the aggregate's PARKED dead letter, the root its later events are blocked behind. */
  public Optional<Long> openRoot(DSLContext tx, String aggregateType, String aggregateId) {
    return tx.select(DEAD_LETTER.ID)
        .from(DEAD_LETTER)
        .where(DEAD_LETTER.CONSUMER.eq(consumer))
        .and(DEAD_LETTER.AGGREGATE_TYPE.eq(aggregateType))
        .and(DEAD_LETTER.AGGREGATE_ID.eq(aggregateId))
        .and(DEAD_LETTER.STATUS.eq(DeadLetterStatus.PARKED.name()))
        .orderBy(DEAD_LETTER.ID)
        .limit(1)
        .fetchOptional(DEAD_LETTER.ID);
  }

  /**
   * The ids of the PARKED dead letters of those aggregates that have one: the root each one's later
   * events are blocked behind.
   */
  public Map<AggregateKey, Long> openRoots(DSLContext tx, Collection<AggregateKey> aggregates) {
    Map<AggregateKey, Long> roots = new HashMap<>();
    for (Record row :
        tx.fetch(
            "select distinct on (d.aggregate_type, d.aggregate_id)"
                + " d.aggregate_type, d.aggregate_id, d.id from dead_letter d"
                + " join unnest(?::text[], ?::text[]) as x(t, a)"
                + " on d.aggregate_type = x.t and d.aggregate_id = x.a"
                + " where d.consumer = ? and d.status = 'PARKED'"
                + " order by d.aggregate_type, d.aggregate_id, d.id",
            aggregates.stream().map(AggregateKey::type).toArray(String[]::new),
            aggregates.stream().map(AggregateKey::id).toArray(String[]::new),
            consumer)) {
      roots.put(
          new AggregateKey(row.get(0, String.class), row.get(1, String.class)),
          row.get(2, Long.class));
    }
    return roots;
  }

  /**
   * Stores a record PARKED with its error.
   *
   * @return false when this record was already stored (a redelivery)
   */
  public boolean park(DSLContext tx, NewDeadLetter letter, int attempts, String error) {
    return insert(tx, row(letter, DeadLetterStatus.PARKED, attempts, error, null));
  }

  /**
   * Stores a record BLOCKED behind the PARKED one {@code rootId}.
   *
   * @return false when this record was already stored (a redelivery)
   */
  public boolean block(DSLContext tx, NewDeadLetter letter, long rootId) {
    return insert(
        tx,
        row(letter, DeadLetterStatus.BLOCKED, 0, "Blocked behind dead letter " + rootId, rootId));
  }

  /** Those with one of the statuses, oldest first. */
  public List<DeadLetter> list(DSLContext dsl, Set<DeadLetterStatus> statuses) {
    List<String> names = statuses.stream().map(Enum::name).toList();
    return dsl.selectFrom(DEAD_LETTER)
        .where(DEAD_LETTER.CONSUMER.eq(consumer))
        .and(DEAD_LETTER.STATUS.in(names))
        .orderBy(DEAD_LETTER.ID)
        .fetch(DeadLetterStore::toDeadLetter);
  }

  /** One of this consumer's dead letters. */
  public Optional<DeadLetter> find(DSLContext dsl, long id) {
    return dsl.selectFrom(DEAD_LETTER)
        .where(DEAD_LETTER.ID.eq(id))
        .and(DEAD_LETTER.CONSUMER.eq(consumer))
        .fetchOptional(DeadLetterStore::toDeadLetter);
  }

  /**
   * One of this consumer's dead letters, its row locked until {@code tx} ends.
   *
   * @throws IllegalArgumentException when the consumer has no dead letter with that id
   */
  public DeadLetter lock(DSLContext tx, long id) {
    return tx.selectFrom(DEAD_LETTER)
        .where(DEAD_LETTER.ID.eq(id))
        .and(DEAD_LETTER.CONSUMER.eq(consumer))
        .forUpdate()
        .fetchOptional(DeadLetterStore::toDeadLetter)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Consumer " + consumer + " has no dead letter with id " + id));
  }

  /** The BLOCKED ones waiting behind {@code rootId}, in the order they arrived. */
  public List<DeadLetter> blockedBehind(DSLContext tx, long rootId) {
    return tx.selectFrom(DEAD_LETTER)
        .where(DEAD_LETTER.CONSUMER.eq(consumer))
        .and(DEAD_LETTER.BLOCKED_BY.eq(rootId))
        .and(DEAD_LETTER.STATUS.eq(DeadLetterStatus.BLOCKED.name()))
        .orderBy(DEAD_LETTER.ID)
        .fetch(DeadLetterStore::toDeadLetter);
  }

  /**
   * Marks one resolved: REPLAYED or DISCARDED, with the time.
   *
   * @throws IllegalArgumentException for a status that is not a resolution
   */
  public void resolve(DSLContext tx, long id, DeadLetterStatus status) {
    if (status != DeadLetterStatus.REPLAYED && status != DeadLetterStatus.DISCARDED) {
      throw new IllegalArgumentException(status + " is not a resolution");
    }
    tx.update(DEAD_LETTER)
        .set(DEAD_LETTER.STATUS, status.name())
        .set(DEAD_LETTER.RESOLVED_AT, DSL.currentOffsetDateTime())
        .where(DEAD_LETTER.ID.eq(id))
        .and(DEAD_LETTER.CONSUMER.eq(consumer))
        .execute();
  }

  /**
   * Makes {@code id} the PARKED root again after a failed replay, one attempt more and with the new
   * error, and blocks {@code behind} behind it.
   *
   * @return the row as it is now
   */
  public DeadLetter parkAgain(DSLContext tx, long id, Collection<Long> behind, String error) {
    tx.update(DEAD_LETTER)
        .set(DEAD_LETTER.STATUS, DeadLetterStatus.PARKED.name())
        .setNull(DEAD_LETTER.BLOCKED_BY)
        .set(DEAD_LETTER.ATTEMPTS, DEAD_LETTER.ATTEMPTS.plus(1))
        .set(DEAD_LETTER.ERROR, error)
        .where(DEAD_LETTER.ID.eq(id))
        .and(DEAD_LETTER.CONSUMER.eq(consumer))
        .execute();
    if (!behind.isEmpty()) {
      tx.update(DEAD_LETTER)
          .set(DEAD_LETTER.BLOCKED_BY, id)
          .where(DEAD_LETTER.ID.in(behind))
          .and(DEAD_LETTER.CONSUMER.eq(consumer))
          .execute();
    }
    return lock(tx, id);
  }

  private boolean insert(DSLContext tx, DeadLetterRecord row) {
    return tx.insertInto(DEAD_LETTER)
            .set(row)
            .onConflict(
                DEAD_LETTER.CONSUMER,
                DEAD_LETTER.TOPIC,
                DEAD_LETTER.KAFKA_PARTITION,
                DEAD_LETTER.KAFKA_OFFSET)
            .doNothing()
            .execute()
        == 1;
  }

  private DeadLetterRecord row(
      NewDeadLetter letter, DeadLetterStatus status, int attempts, String error, Long blockedBy) {
    var row = new DeadLetterRecord();
    row.setConsumer(consumer);
    row.setEventId(letter.eventId());
    row.setAggregateType(letter.aggregateType());
    row.setAggregateId(letter.aggregateId());
    row.setAggregateVersion(letter.aggregateVersion());
    row.setEventType(letter.eventType());
    row.setTopic(letter.topic());
    row.setKafkaPartition(letter.partition());
    row.setKafkaOffset(letter.offset());
    row.setKafkaKey(letter.key());
    row.setHeaders(JSONB.valueOf(writeHeaders(letter.headers())));
    row.setPayload(letter.payload());
    row.setStatus(status.name());
    row.setAttempts(attempts);
    row.setError(error);
    row.setBlockedBy(blockedBy);
    // Identity and defaults (id, parked_at) are left to the database.
    row.changed(DEAD_LETTER.ID, false);
    row.changed(DEAD_LETTER.PARKED_AT, false);
    row.changed(DEAD_LETTER.RESOLVED_AT, false);
    if (blockedBy == null) {
      row.changed(DEAD_LETTER.BLOCKED_BY, false);
    }
    return row;
  }

  private static DeadLetter toDeadLetter(DeadLetterRecord row) {
    return new DeadLetter(
        row.getId(),
        row.getConsumer(),
        row.getEventId(),
        row.getAggregateType(),
        row.getAggregateId(),
        row.getAggregateVersion(),
        row.getEventType(),
        row.getTopic(),
        row.getKafkaPartition(),
        row.getKafkaOffset(),
        row.getKafkaKey(),
        readHeaders(row),
        row.getPayload(),
        DeadLetterStatus.valueOf(row.getStatus()),
        row.getAttempts(),
        row.getError(),
        row.getBlockedBy(),
        instant(row.getParkedAt()),
        instant(row.getResolvedAt()));
  }

  static String writeHeaders(Map<String, String> headers) {
    try {
      return HEADERS_JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Headers cannot be written as JSON", e);
    }
  }

  static Map<String, String> readHeaders(String json) throws JsonProcessingException {
    return Map.copyOf(HEADERS_JSON.readValue(json, HEADERS));
  }

  private static Map<String, String> readHeaders(DeadLetterRecord row) {
    try {
      return readHeaders(row.getHeaders().data());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException(
          "Headers of dead letter " + row.getId() + " are not a JSON object of strings", e);
    }
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
