package dev.outbox.client.write;

/**
 * Work done in one transaction that may append events and returns a result; throwing rolls
 * everything back.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface OutboxCallable<T> {

  /** Changes rows with {@link OutboxTransaction#dsl()}, appends their events, returns a result. */
  T run(OutboxTransaction tx);
}
