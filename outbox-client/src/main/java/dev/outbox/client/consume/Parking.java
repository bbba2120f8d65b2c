package dev.outbox.client.consume;

import static dev.outbox.client.jooq.Tables.DEAD_LETTER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.deadletter.DeadLetterStatus;
import dev.outbox.client.jooq.tables.records.DeadLetterRecord;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/** Writes a consumer's dead letters: a parked record, and the records blocked behind it. */
final class Parking {

  private final String consumer;
  private final ObjectMapper mapper;

  Parking(String consumer, ObjectMapper mapper) {
    this.consumer = consumer;
    this.mapper = mapper;
  }

  /** The id of the aggregate's PARKED dead letter, if it has one. */
  Optional<Long> parkedRoot(DSLContext tx, String aggregateType, String aggregateId) {
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
   * Stores a record BLOCKED behind a parked one.
   *
   * @return false when this record was already stored (a redelivery)
   */
  boolean block(DSLContext tx, IncomingEvent in, long rootId) {
    DeadLetterRecord row =
        row(in, DeadLetterStatus.BLOCKED, 0, "Blocked behind dead letter " + rootId);
    row.setBlockedBy(rootId);
    return insert(tx, row);
  }

  /**
   * Stores a record PARKED with its error.
   *
   * @return false when this record was already stored (a redelivery)
   */
  boolean park(DSLContext tx, IncomingEvent in, int attempts, String error) {
    return insert(tx, row(in, DeadLetterStatus.PARKED, attempts, error));
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
      IncomingEvent in, DeadLetterStatus status, int attempts, String error) {
    CloudEventHeaders.Partial partial = CloudEventHeaders.partial(in);
    var row = new DeadLetterRecord();
    row.setConsumer(consumer);
    row.setEventId(partial.id());
    row.setAggregateType(partial.aggregateType());
    row.setAggregateId(partial.aggregateId());
    row.setAggregateVersion(partial.aggregateVersion());
    row.setEventType(partial.type());
    row.setTopic(in.topic());
    row.setKafkaPartition(in.partition());
    row.setKafkaOffset(in.offset());
    row.setKafkaKey(in.key());
    row.setHeaders(headersJson(in));
    row.setPayload(in.payload());
    row.setStatus(status.name());
    row.setAttempts(attempts);
    row.setError(error);
    // Identity and defaults (id, parked_at) are left to the database.
    row.changed(DEAD_LETTER.ID, false);
    row.changed(DEAD_LETTER.PARKED_AT, false);
    row.changed(DEAD_LETTER.RESOLVED_AT, false);
    if (status != DeadLetterStatus.BLOCKED) {
      row.changed(DEAD_LETTER.BLOCKED_BY, false);
    }
    return row;
  }

  private JSONB headersJson(IncomingEvent in) {
    try {
      return JSONB.valueOf(mapper.writeValueAsString(in.headers()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Headers of " + in + " cannot be written as JSON", e);
    }
  }
}
