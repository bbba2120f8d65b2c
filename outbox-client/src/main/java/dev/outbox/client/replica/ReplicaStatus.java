package dev.outbox.client.replica;

import java.time.Instant;
import java.util.UUID;

/**
 * One copy a consumer keeps and its latest fill, as the {@code replica_status} view shows it.
 *
 * @param state {@code unfilled}, {@code requested}, {@code filling} or {@code complete}
 * @param reason {@code bootstrap} or {@code rebuild}; null when unfilled
 * @param expected the snapshots the owner emitted; null until it answered
 * @param requestedAt null when unfilled
 */
public record ReplicaStatus(
    String replica,
    String consumer,
    String aggregateType,
    String sourceDatabase,
    String state,
    String reason,
    UUID requestId,
    long received,
    Long expected,
    Instant requestedAt,
    Instant completedAt) {

  /** True unless a fill was asked for and not all of its snapshots have been received. */
  public boolean complete() {
    return state.equals("complete") || state.equals("unfilled");
  }

  /** What an operator reads: e.g. {@code filling: 1200 of 5000 snapshots (rebuild)}. */
  public String describe() {
    return switch (state) {
      case "requested" -> "waiting for " + sourceDatabase + " to answer (" + reason + ")";
      case "filling" -> "filling: " + received + " of " + expected + " snapshots (" + reason + ")";
      default -> state;
    };
  }
}
