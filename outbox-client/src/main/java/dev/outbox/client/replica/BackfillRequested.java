package dev.outbox.client.replica;

import dev.outbox.client.event.EventType;
import java.util.List;
import java.util.UUID;

/**
 * A consumer's service asks the owner of {@code aggregateType} to publish the current state of its
 * aggregates (all of them when {@code ids} is null).
 *
 * @param replica the copy to fill, in the asking database
 * @param consumer the consumer that feeds it
 * @param reason {@code bootstrap} or {@code rebuild}
 * @param database the asking database
 */
@EventType("BackfillRequested")
public record BackfillRequested(
    UUID requestId,
    String replica,
    String consumer,
    String aggregateType,
    List<String> ids,
    String reason,
    String database)
    implements BackfillEvent {}
