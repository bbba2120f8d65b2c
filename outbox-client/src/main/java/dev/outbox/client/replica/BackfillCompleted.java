package dev.outbox.client.replica;

import dev.outbox.client.event.EventType;
import java.util.UUID;

/**
 * The owner's answer to a {@link BackfillRequested}: its backfill {@code backfillId} put {@code
 * emitted} snapshots (records with {@code ce_backfill: <backfillId>}) into its outbox, all before
 * this event.
 */
@EventType("BackfillCompleted")
public record BackfillCompleted(UUID requestId, UUID backfillId, String aggregateType, long emitted)
    implements BackfillEvent {}
