package dev.outbox.client.consume;

import dev.outbox.client.trace.OutboxSpans;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceParent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.Locale;
import java.util.Optional;

/**
 * A consumer's spans (see {@link OutboxSpans}): one {@code apply <type>} per event and attempt,
 * child of the record's {@code traceparent}, and one {@code park <type>} when the last attempt
 * failed. A record without a trace gets none.
 */
final class ApplySpans {

  private final Tracer tracer;
  private final boolean tracing;
  private final String consumer;

  ApplySpans(OpenTelemetry openTelemetry, String consumer) {
    this.tracer = OutboxSpans.tracer(openTelemetry);
    this.tracing = OutboxSpans.tracing(openTelemetry);
    this.consumer = consumer;
  }

  /**
   * Starts the span of one attempt at applying a record. Its headers then carry the span's trace,
   * so that the handler's envelope, and the events it appends, are the span's children.
   */
  Attempt start(CloudEventHeaders headers, IncomingEvent in, boolean replay) {
    if (!tracing || headers.traceParent() == null) {
      return new Attempt(null, headers);
    }
    Optional<TraceParent> cause = TraceParent.parse(headers.traceParent());
    if (cause.isEmpty()) {
      return new Attempt(null, headers);
    }
    SpanBuilder builder =
        span("apply " + headers.type(), cause.get(), in)
            .setAttribute(OutboxSpans.OPERATION_TYPE, "process")
            .setAttribute(OutboxSpans.OPERATION_NAME, "apply")
            .setAttribute(OutboxSpans.MESSAGE_ID, headers.id().toString())
            .setAttribute(OutboxSpans.AGGREGATE_TYPE, headers.aggregateType())
            .setAttribute(OutboxSpans.AGGREGATE_ID, headers.aggregateId())
            .setAttribute(OutboxSpans.AGGREGATE_VERSION, headers.aggregateVersion())
            .setAttribute(OutboxSpans.EVENT_TYPE, headers.type())
            .setAttribute(OutboxSpans.SCHEMA_VERSION, (long) headers.schemaVersion());
    if (replay) {
      builder.setAttribute(OutboxSpans.REPLAY, true);
    }
    Span span = builder.startSpan();
    return new Attempt(span, headers.withTraceParent(OutboxSpans.traceParentOf(span, cause.get())));
  }

  /** The span of a record parked (or blocked behind a parked one) after its last attempt. */
  void parked(
      IncomingEvent in,
      CloudEventHeaders.Partial partial,
      int attempts,
      String error,
      Outcome outcome) {
    if (!tracing) {
      return;
    }
    Optional<TraceParent> cause =
        TraceParent.parse(in.headers().get(CloudEventHeaders.TRACEPARENT));
    if (cause.isEmpty()) {
      return;
    }
    SpanBuilder builder =
        span("park " + Optional.ofNullable(partial.type()).orElse("event"), cause.get(), in)
            .setAttribute(OutboxSpans.OPERATION_TYPE, "process")
            .setAttribute(OutboxSpans.OPERATION_NAME, "park")
            .setAttribute(OutboxSpans.ATTEMPTS, (long) attempts)
            .setAttribute(OutboxSpans.OUTCOME, name(outcome));
    if (partial.id() != null) {
      builder.setAttribute(OutboxSpans.MESSAGE_ID, partial.id().toString());
    }
    if (partial.hasAggregate()) {
      builder
          .setAttribute(OutboxSpans.AGGREGATE_TYPE, partial.aggregateType())
          .setAttribute(OutboxSpans.AGGREGATE_ID, partial.aggregateId());
    }
    if (partial.type() != null) {
      builder.setAttribute(OutboxSpans.EVENT_TYPE, partial.type());
    }
    Span span = builder.startSpan();
    span.setStatus(StatusCode.ERROR, error);
    span.end();
  }

  private SpanBuilder span(String name, TraceParent cause, IncomingEvent in) {
    return tracer
        .spanBuilder(name)
        .setSpanKind(SpanKind.CONSUMER)
        .setParent(OutboxSpans.under(cause))
        .setAttribute(OutboxSpans.MESSAGING_SYSTEM, "kafka")
        .setAttribute(OutboxSpans.DESTINATION, in.topic())
        .setAttribute(OutboxSpans.PARTITION, Integer.toString(in.partition()))
        .setAttribute(OutboxSpans.OFFSET, in.offset())
        .setAttribute(OutboxSpans.CONSUMER_GROUP, consumer);
  }

  private static String name(Outcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  /**
   * One attempt's span; null span when the record has no trace. While it lasts, opening its trace
   * ({@link dev.outbox.client.trace.ThreadLocalTraceContext#open}) makes the span itself current.
   */
  static final class Attempt {
    private final Span span;
    private final CloudEventHeaders headers;
    private final ThreadLocalTraceContext.Scope live;

    private Attempt(Span span, CloudEventHeaders headers) {
      this.span = span;
      this.headers = headers;
      this.live = span == null ? null : ThreadLocalTraceContext.live(span);
    }

    /** The record's headers, with the span's trace when there is one. */
    CloudEventHeaders headers() {
      return headers;
    }

    /** Ends the span with what became of the record (after its transaction committed). */
    void ended(Outcome outcome) {
      if (span != null) {
        live.close();
        span.setAttribute(OutboxSpans.OUTCOME, name(outcome));
        span.end();
      }
    }

    /** Ends the span failed: the attempt threw, its transaction rolled back. */
    void failed(Throwable failure) {
      if (span != null) {
        live.close();
        OutboxSpans.failed(span, failure);
        span.end();
      }
    }
  }
}
