package dev.outbox.client.consume;

import java.util.List;
import org.jooq.DSLContext;

/**
 * Applies the events of one aggregate type to a service's view a batch at a time, so that the view
 * can be changed set-wise (one statement for many rows) instead of once per event. Register it with
 * {@link EventConsumer.Builder#onBatch}; a plain {@link EventHandler} is applied the same way, one
 * event after the other in the batch's transaction.
 *
 * <p>The runtime has already dropped redeliveries, stale versions and snapshots that are not newer
 * than the view: every event given is to be applied, and the events of one aggregate come in the
 * order of their versions (several of one aggregate may be in one batch; the last one is the
 * newest). Events of different aggregates have no order between them.
 *
 * <p>The batch is applied in one database transaction together with its inbox rows and versions.
 * When the handler throws, the whole batch is rolled back and its records are applied again one at
 * a time (each in a list of one), so that only a failing record is retried and, if it keeps
 * failing, parked, while every other record applies. Throw {@link PermanentEventException} or
 * {@link RetriableEventException} as an {@link EventHandler} would.
 *
 * <p>The runtime cannot make one incoming trace current for a whole batch: a handler that appends
 * events which should carry their cause's trace opens it per event with {@link
 * EventEnvelope#openTrace()}.
 *
 * @param <E> the sealed interface of the aggregate's events
 */
@FunctionalInterface
public interface BatchEventHandler<E> {

  /**
   * Applies the events inside the consumer's transaction.
   *
   * @param tx the transaction's context: make every change with it
   * @param events at least one; in arrival order, per aggregate in version order
   */
  void handle(DSLContext tx, List<EventEnvelope<E>> events);
}
