package dev.outbox.client.consume;

import dev.outbox.config.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * The failed attempts at the record a partition is stuck on, and what to do next: a pure state
 * machine (no Kafka, no database) that the poll loop keeps one of per partition.
 *
 * <p>A transient failure is retried after a backoff, for ever: the record cannot be skipped, and it
 * may well apply once the database is back. A permanent failure is retried after a backoff until it
 * has failed {@code maxAttempts} times; then the record is parked at once (its dead letter holds
 * the last error). Storing the dead letter may fail too; it is retried after its own backoff, still
 * with the record's error.
 */
final class RetryState {

  /** What became of one attempt at a record. */
  enum Failure {
    /** Handling failed and may succeed later. */
    TRANSIENT,
    /** Handling failed and never will succeed. */
    PERMANENT,
    /** Storing the record as a dead letter failed. */
    PARK_FAILED
  }

  /** What the loop does next with the partition. */
  enum Action {
    /** The record is done (applied, ignored or parked): commit {@link Decision#commitOffset}. */
    COMMIT,
    /** Rewind the partition to the record and pause it for {@link Decision#delay}. */
    RETRY_LATER,
    /** Park the record now, without waiting. */
    PARK_NOW
  }

  /**
   * The next action.
   *
   * @param commitOffset the offset to commit (the record's + 1) for COMMIT, else -1
   * @param delay how long the partition waits for RETRY_LATER, else zero
   */
  record Decision(Action action, long commitOffset, Duration delay) {
    static Decision commit(long offset) {
      return new Decision(Action.COMMIT, offset + 1, Duration.ZERO);
    }

    static Decision retryLater(Duration delay) {
      return new Decision(Action.RETRY_LATER, -1, delay);
    }

    static final Decision PARK_NOW = new Decision(Action.PARK_NOW, -1, Duration.ZERO);
  }

  /**
   * How to try the record.
   *
   * @param park whether to store it as a dead letter instead of handling it
   * @param attempts the failed attempts so far (for the dead letter)
   * @param error the last permanent failure (for the dead letter), null when not parking
   */
  record Step(boolean park, int attempts, String error) {
    static final Step PROCESS = new Step(false, 0, null);
  }

  private final int maxAttempts;
  private final Backoff backoff;

  private long offset = -1;
  private int permanentFailures;
  private int transientFailures;
  private int parkFailures;
  private String lastError;

  /**
   * @param maxAttempts permanent failures before a record is parked, 1 or more
   * @param backoff the delays between attempts
   */
  RetryState(int maxAttempts, Backoff backoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts cannot be less than 1, was " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  /** How to try the record at {@code offset}; a record other than the tracked one starts afresh. */
  Step next(long offset) {
    track(offset);
    return permanentFailures >= maxAttempts
        ? new Step(true, permanentFailures, lastError)
        : Step.PROCESS;
  }

  /** The record at {@code offset} is done: commit past it, and forget its failures. */
  Decision succeeded(long offset) {
    track(offset);
    reset(-1);
    return Decision.commit(offset);
  }

  /** An attempt at the record at {@code offset} failed; {@code error} is its text. */
  Decision failed(long offset, Failure failure, String error) {
    track(offset);
    return switch (failure) {
      case TRANSIENT -> {
        transientFailures++;
        yield Decision.retryLater(backoff.delay(transientFailures + permanentFailures));
      }
      case PERMANENT -> {
        permanentFailures++;
        lastError = error;
        yield permanentFailures >= maxAttempts
            ? Decision.PARK_NOW
            : Decision.retryLater(backoff.delay(transientFailures + permanentFailures));
      }
      case PARK_FAILED -> {
        // The record's own error stays the one that made it a dead letter.
        parkFailures++;
        yield Decision.retryLater(backoff.delay(parkFailures));
      }
    };
  }

  /** Whether the tracked record has failed at least once and is not done yet. */
  boolean failing() {
    return permanentFailures + transientFailures + parkFailures > 0;
  }

  /** Permanent failures of the tracked record. */
  int permanentFailures() {
    return permanentFailures;
  }

  /** Transient failures of the tracked record. */
  int transientFailures() {
    return transientFailures;
  }

  /** Failed attempts at storing the tracked record as a dead letter. */
  int parkFailures() {
    return parkFailures;
  }

  /** The last permanent failure of the tracked record, null when none. */
  String lastError() {
    return lastError;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  private void track(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset cannot be negative, was " + offset);
    }
    if (offset != this.offset) {
      reset(offset);
    }
  }

  private void reset(long offset) {
    this.offset = offset;
    permanentFailures = 0;
    transientFailures = 0;
    parkFailures = 0;
    lastError = null;
  }
}
