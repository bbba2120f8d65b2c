package dev.outbox.client.write;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as it was written to the outbox.
 *
 * @param traceParent the W3C traceparent stored with it, null when there was no current trace
 */
public record AppendedEvent(
    UUID id,
    String aggregateType,
    String aggregateId,
    long aggregateVersion,
    String eventType,
    int schemaVersion,
    Instant occurredAt,
    String traceParent) {}
