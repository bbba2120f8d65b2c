package dev.outbox.client.consume;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The offsets that are safe to commit: per partition, the offset after the last record whose
 * database transaction committed. Pure bookkeeping, no Kafka. An offset is kept until a commit of
 * it succeeds; on revocation the partition's offset is handed out one last time and forgotten; on
 * loss (another member may already own the partition) it is forgotten without a commit.
 *
 * @param <P> the partition (a Kafka {@code TopicPartition} in the loop)
 */
final class OffsetTracker<P> {

  private final Map<P, Long> pending = new HashMap<>();

  /** The record before {@code nextOffset} is done (its transaction committed). */
  void applied(P partition, long nextOffset) {
    if (nextOffset < 1) {
      throw new IllegalArgumentException("nextOffset must be 1 or more, was " + nextOffset);
    }
    pending.put(partition, nextOffset);
  }

  /** What a commit should send now: a copy, empty when everything is committed. */
  Map<P, Long> pending() {
    return Map.copyOf(pending);
  }

  /** A commit of {@code offsets} succeeded: forget those not advanced since. */
  void committed(Map<P, Long> offsets) {
    offsets.forEach(pending::remove);
  }

  /**
   * A commit was refused for good (the group moved on): forget everything. The partitions' new
   * owners resume from the last committed offsets; the inbox absorbs the redeliveries.
   */
  void dropAll() {
    pending.clear();
  }

  /** Partitions are being revoked: their offsets to commit before they go, now forgotten. */
  Map<P, Long> revoke(Collection<P> partitions) {
    var offsets = new HashMap<P, Long>();
    for (P partition : partitions) {
      Long offset = pending.remove(partition);
      if (offset != null) {
        offsets.put(partition, offset);
      }
    }
    return offsets;
  }

  /** Partitions were lost: another member may own them already, so nothing is committed. */
  void lose(Collection<P> partitions) {
    partitions.forEach(pending::remove);
  }
}
