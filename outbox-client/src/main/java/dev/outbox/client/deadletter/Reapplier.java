package dev.outbox.client.deadletter;

import org.jooq.DSLContext;

/**
 * Applies a dead-lettered event the way its consumer applies a live one (inbox row, version guard,
 * handler). {@link dev.outbox.client.consume.EventConsumer#deadLetters()} supplies it; apps do not
 * implement it.
 */
public interface Reapplier {

  /**
   * Applies the event in {@code tx}, which already holds the aggregate's lock.
   *
   * @throws RuntimeException when it cannot be applied
   */
  void reapply(DSLContext tx, DeadLetter letter);

  /** Whether a failure of {@link #reapply} may go away by itself. */
  boolean isTransient(Throwable failure);
}
