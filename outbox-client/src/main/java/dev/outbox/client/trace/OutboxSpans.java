package dev.outbox.client.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * What the client's spans share: the tracer of the instrumentation scope {@code dev.outbox.client},
 * the attribute keys, and how a span starts under a trace that came in a header or a row.
 *
 * <p>The spans are the append ({@code outbox append <type>}, PRODUCER, in the writer's transaction;
 * its context is what the row's {@code trace_parent} stores), the apply ({@code apply <type>},
 * CONSUMER, one per event and attempt, from the handler's call to the view's commit; its context is
 * what events the handler appends carry) and the park ({@code park <type>}, status ERROR, when an
 * event's last attempt failed). Each is made only under a trace: an event without one is not the
 * start of a trace of its own.
 */
public final class OutboxSpans {

  /** The instrumentation scope of the client's spans. */
  public static final String SCOPE = "dev.outbox.client";

  public static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  public static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<String> PARTITION =
      AttributeKey.stringKey("messaging.destination.partition.id");
  public static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  public static final AttributeKey<String> CONSUMER_GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  public static final AttributeKey<String> MESSAGE_ID =
      AttributeKey.stringKey("messaging.message.id");
  public static final AttributeKey<String> AGGREGATE_TYPE =
      AttributeKey.stringKey("outbox.aggregate_type");
  public static final AttributeKey<String> AGGREGATE_ID =
      AttributeKey.stringKey("outbox.aggregate_id");
  public static final AttributeKey<Long> AGGREGATE_VERSION =
      AttributeKey.longKey("outbox.aggregate_version");
  public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("outbox.event_type");
  public static final AttributeKey<Long> SCHEMA_VERSION =
      AttributeKey.longKey("outbox.schema_version");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outbox.outcome");
  public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("outbox.attempts");
  public static final AttributeKey<Boolean> REPLAY = AttributeKey.booleanKey("outbox.replay");

  private OutboxSpans() {}

  /** The client's tracer of an OpenTelemetry (the no-op's spans record nothing). */
  public static Tracer tracer(OpenTelemetry openTelemetry) {
    return openTelemetry.getTracer(SCOPE);
  }

  /** A context whose span is a trace's span in another process: the parent of a child span. */
  public static Context under(TraceParent cause) {
    return Context.root().with(Span.wrap(cause.toRemoteSpanContext()));
  }

  /** Whether spans are made at all: not with the API's no-op, whose spans would record nothing. */
  public static boolean tracing(OpenTelemetry openTelemetry) {
    return openTelemetry != OpenTelemetry.noop();
  }

  /** Marks a span failed by an exception (the span is not ended). */
  public static void failed(Span span, Throwable failure) {
    span.recordException(failure);
    span.setStatus(
        StatusCode.ERROR,
        failure.getMessage() != null ? failure.getMessage() : failure.getClass().getName());
  }

  /**
   * The traceparent of a span started under {@code cause}: the cause's value as it came when the
   * span is the cause itself (a tracer that makes no span of its own), else the span's.
   */
  public static String traceParentOf(Span span, TraceParent cause) {
    SpanContext context = span.getSpanContext();
    if (!context.isValid()
        || (context.getSpanId().equals(cause.parentId())
            && context.getTraceId().equals(cause.traceId()))) {
      return cause.value();
    }
    return TraceParent.of(context).orElseThrow().value();
  }
}
