package dev.outbox.client.consume;

import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceParent;
import java.time.Instant;
import java.util.UUID;

/**
 * A decoded event with its CloudEvents attributes and where it came from.
 *
 * @param id {@code ce_id}, the event id
 * @param type {@code ce_type}
 * @param source {@code ce_source}, null when absent
 * @param aggregateType {@code ce_aggregatetype}
 * @param aggregateId {@code ce_subject}
 * @param aggregateVersion {@code ce_aggregateversion}
 * @param schemaVersion {@code ce_schemaversion}
 * @param time {@code ce_time}, when the event occurred
 * @param traceParent the trace this event is applied in: the context of the consumer's {@code
 *     apply} span when tracing is on (a child of the record's {@code traceparent}), else the {@code
 *     traceparent} header as it came; null when the record has none or an invalid one
 * @param snapshot whether this is a state snapshot republished by a backfill ({@code ce_snapshot:
 *     true}) rather than a live change: it carries the aggregate's whole state at {@code
 *     aggregateVersion} and is applied only when newer than what the view has. A handler updates
 *     its view from it and never triggers a side effect (a confirmation, an email, an appended
 *     event) from it: the change it reflects had its own live event, which did that.
 * @param backfillId the backfill a snapshot belongs to ({@code ce_backfill}); null when not a
 *     snapshot
 * @param event the payload decoded as the record of {@code type}
 * @param <E> the sealed interface of the aggregate's events
 */
public record EventEnvelope<E>(
    UUID id,
    String type,
    String source,
    String aggregateType,
    String aggregateId,
    long aggregateVersion,
    int schemaVersion,
    Instant time,
    String traceParent,
    String topic,
    int partition,
    long offset,
    boolean snapshot,
    UUID backfillId,
    E event) {

  /**
   * Makes this event's trace ({@link #traceParent()}) current on this thread until the scope is
   * closed, so that events appended meanwhile carry it as their cause. The runtime does this around
   * an {@link EventHandler}'s call; a {@link BatchEventHandler} does it itself where it matters.
   */
  public ThreadLocalTraceContext.Scope openTrace() {
    return ThreadLocalTraceContext.open(TraceParent.parse(traceParent).orElse(null));
  }
}
