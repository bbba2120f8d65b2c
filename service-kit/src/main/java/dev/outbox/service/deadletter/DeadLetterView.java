package dev.outbox.service.deadletter;

import dev.outbox.client.deadletter.DeadLetter;
import java.time.Instant;
import java.util.UUID;

/**
 * A dead letter as the admin API shows it. Leaves out the record's payload and headers: they may
 * hold personal data, and SQL on {@code dead_letter} shows them to whoever may see them.
 */
record DeadLetterView(
    long id,
    String consumer,
    String status,
    UUID eventId,
    String aggregateType,
    String aggregateId,
    Long aggregateVersion,
    String eventType,
    int attempts,
    String error,
    Long blockedBy,
    Instant parkedAt,
    String topic,
    int partition,
    long offset) {

  static DeadLetterView of(DeadLetter d) {
    return new DeadLetterView(
        d.id(),
        d.consumer(),
        d.status().name(),
        d.eventId(),
        d.aggregateType(),
        d.aggregateId(),
        d.aggregateVersion(),
        d.eventType(),
        d.attempts(),
        d.error(),
        d.blockedBy(),
        d.parkedAt(),
        d.topic(),
        d.partition(),
        d.offset());
  }
}
