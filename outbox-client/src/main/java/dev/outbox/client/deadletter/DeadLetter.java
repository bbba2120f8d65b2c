package dev.outbox.client.deadletter;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One row of {@code dead_letter}. The identifying fields are null when the record's headers could
 * not be read.
 *
 * @param headers the record's headers as text
 * @param payload the record's value as text, null for a null value
 * @param blockedBy the PARKED row a BLOCKED one waits for, else null
 * @param resolvedAt when it was replayed or discarded, else null
 */
public record DeadLetter(
    long id,
    String consumer,
    UUID eventId,
    String aggregateType,
    String aggregateId,
    Long aggregateVersion,
    String eventType,
    String topic,
    int partition,
    long offset,
    String key,
    Map<String, String> headers,
    String payload,
    DeadLetterStatus status,
    int attempts,
    String error,
    Long blockedBy,
    Instant parkedAt,
    Instant resolvedAt) {

  @Override
  public String toString() {
    // Never the payload or headers: they may hold personal data.
    return "DeadLetter[id="
        + id
        + ", consumer="
        + consumer
        + ", "
        + aggregateType
        + " "
        + aggregateId
        + " v"
        + aggregateVersion
        + " "
        + eventType
        + ", "
        + topic
        + "-"
        + partition
        + "@"
        + offset
        + ", "
        + status
        + ", attempts="
        + attempts
        + ", blockedBy="
        + blockedBy
        + ", error="
        + error
        + "]";
  }
}
