package dev.outbox.client.consume;

import dev.outbox.config.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The retry state of each partition and when its pause ends. Pure bookkeeping, no Kafka: the poll
 * loop pauses a partition whose record must wait, resumes the partitions that are {@link #due} and
 * polls no longer than {@link #nextPoll} so that it resumes them on time.
 *
 * @param <P> the partition (a Kafka {@code TopicPartition} in the loop)
 */
final class PartitionRetries<P> {

  private final int maxAttempts;
  private final Backoff backoff;
  private final Map<P, RetryState> states = new HashMap<>();
  private final Map<P, Instant> pausedUntil = new HashMap<>();

  PartitionRetries(int maxAttempts, Backoff backoff) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
  }

  /** The retry state of a partition, created on first use. */
  RetryState of(P partition) {
    return states.computeIfAbsent(partition, p -> new RetryState(maxAttempts, backoff));
  }

  /** Whether a record of the partition has failed and is not done yet (applied or parked). */
  boolean failing(P partition) {
    RetryState state = states.get(partition);
    return state != null && state.failing();
  }

  /** Records that a partition is paused until {@code until}. */
  void pauseUntil(P partition, Instant until) {
    pausedUntil.put(partition, until);
  }

  /** Whether a partition is waiting. */
  boolean isPaused(P partition) {
    return pausedUntil.containsKey(partition);
  }

  /** The partitions whose pause has ended by {@code now}; they are no longer paused here. */
  List<P> due(Instant now) {
    var due = new ArrayList<P>();
    pausedUntil
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getValue().isAfter(now)) {
                return false;
              }
              due.add(entry.getKey());
              return true;
            });
    return due;
  }

  /** How long the next poll may wait: {@code max}, or less when a pause ends sooner. */
  Duration nextPoll(Instant now, Duration max) {
    Duration timeout = max;
    for (Instant until : pausedUntil.values()) {
      Duration wait = Duration.between(now, until);
      if (wait.compareTo(timeout) < 0) {
        timeout = wait.isNegative() ? Duration.ZERO : wait;
      }
    }
    return timeout;
  }

  /** Forgets partitions that went to another member (their records will come again, or not). */
  void forget(Collection<P> partitions) {
    for (P partition : partitions) {
      states.remove(partition);
      pausedUntil.remove(partition);
    }
  }
}
