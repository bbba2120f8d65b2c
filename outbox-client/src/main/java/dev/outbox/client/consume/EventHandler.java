package dev.outbox.client.consume;

import org.jooq.DSLContext;

/**
 * Applies the events of one aggregate type to a service's view.
 *
 * @param <E> the sealed interface of the aggregate's events
 */
@FunctionalInterface
public interface EventHandler<E> {

  /**
   * Applies one event inside the consumer's transaction, which also holds the event's inbox row and
   * commits before the Kafka offset. Throw {@link PermanentEventException} when the event can never
   * be applied and {@link RetriableEventException} when it may apply later; any other exception
   * that is not recognised as transient counts as permanent.
   *
   * @param tx the transaction's context: make every change with it
   */
  void handle(DSLContext tx, EventEnvelope<E> envelope);
}
