package dev.outbox.cli.backfill;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the {@code backfill} table (platform V5): what was asked and how far it got.
 *
 * @param ids the ids asked for, sorted; empty for every aggregate of the type
 * @param missingIds of those, the ids the state view did not have at the start
 * @param resumeAfter the last aggregate id emitted; null before the first step
 */
record BackfillState(
    UUID id,
    String aggregateType,
    List<String> ids,
    List<String> missingIds,
    String status,
    String resumeAfter,
    long emitted,
    long expectedTotal,
    Instant createdAt,
    String error) {

  BackfillState {
    ids = List.copyOf(ids);
    missingIds = List.copyOf(missingIds);
  }

  boolean done() {
    return status.equals("done");
  }
}
