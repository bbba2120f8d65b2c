package dev.outbox.relay.stream;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * The relay's span of each traced event: {@code <topic> publish}, kind {@code PRODUCER}, a child of
 * the row's {@code trace_parent} (the writer's span, a remote parent), from the event's first send
 * until Kafka acknowledged a copy of it. The record's {@code traceparent} header carries this span,
 * so that a consumer's span is its child.
 *
 * <p>One span per event of a batch, however often the publisher sends it: a copy that fails adds an
 * exception event; the first acknowledged copy ends it, with its partition and offset; a batch
 * abandoned (the relay stops) or stopped by a failure no retry can fix ends it with status {@code
 * ERROR}. A row without a valid {@code trace_parent} gets no span and keeps its header as it was
 * (none, or the row's value verbatim): the relay never starts a trace of its own. With the API's
 * no-op the tracer hands back the parent itself, and the header is the row's value, as without
 * tracing.
 */
final class PublishSpans {

  static final String TRACEPARENT = "traceparent";

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> PARTITION =
      AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<String> MESSAGE_KEY =
      AttributeKey.stringKey("messaging.kafka.message.key");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("outbox.event_type");
  static final AttributeKey<String> AGGREGATE_ID = AttributeKey.stringKey("outbox.aggregate_id");

  /** The instrumentation scope of the relay's spans. */
  static final String SCOPE = "dev.outbox.relay";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  /** Reads a row's {@code trace_parent} as the one header of a carrier. */
  private static final TextMapGetter<String> ROW =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceParent) {
          return List.of(TRACEPARENT);
        }

        @Override
        public String get(String traceParent, String key) {
          return TRACEPARENT.equals(key) ? traceParent : null;
        }
      };

  /** Writes a header in place of one of the same name. */
  private static final TextMapSetter<Headers> HEADERS =
      (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
      };

  private final Tracer tracer;
  private final boolean tracing;

  PublishSpans(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SCOPE);
    // Off: no span, no allocation per event; the header is the row's value as it is.
    this.tracing = openTelemetry != OpenTelemetry.noop();
  }

  /** The spans of one batch, by the event's index in it. */
  Batch batch(List<OutboxEvent> events) {
    return new Batch(events.size());
  }

  /** The spans of one batch; used by the engine thread, ended from the producer's thread too. */
  final class Batch {
    private final PublishSpan[] spans;

    private Batch(int size) {
      this.spans = new PublishSpan[size];
    }

    /**
     * The span of the event at {@code index}, started at its first send: {@link PublishSpan#NONE}
     * when its row carries no valid {@code trace_parent}.
     */
    PublishSpan of(int index, OutboxEvent event, String topic) {
      PublishSpan span = spans[index];
      if (span == null) {
        span = start(event, topic);
        spans[index] = span;
      }
      return span;
    }

    /** Ends every span not ended yet with status {@code ERROR}: the batch did not get through. */
    void fail(String description, Throwable error) {
      for (PublishSpan span : spans) {
        if (span != null) {
          span.fail(description, error);
        }
      }
    }
  }

  private PublishSpan start(OutboxEvent event, String topic) {
    String traceParent = event.traceParent();
    if (!tracing || traceParent == null || traceParent.isBlank()) {
      return PublishSpan.NONE;
    }
    Context parent = W3C.extract(Context.root(), traceParent.trim(), ROW);
    SpanContext parentContext = Span.fromContext(parent).getSpanContext();
    if (!parentContext.isValid()) {
      return PublishSpan.NONE;
    }
    Span span =
        tracer
            .spanBuilder(topic + " publish")
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(parent)
            .setAttribute(SYSTEM, "kafka")
            .setAttribute(OPERATION_TYPE, "send")
            .setAttribute(OPERATION_NAME, "publish")
            .setAttribute(DESTINATION, topic)
            .setAttribute(MESSAGE_KEY, event.aggregateId())
            .setAttribute(MESSAGE_ID, event.id())
            .setAttribute(EVENT_TYPE, event.eventType())
            .setAttribute(AGGREGATE_ID, event.aggregateId())
            .startSpan();
    // The no-op tracer returns the parent itself: the row's header then stays as it is.
    boolean own = !span.getSpanContext().getSpanId().equals(parentContext.getSpanId());
    return new PublishSpan(span, own);
  }

  /** The span of one event, ended exactly once. */
  static final class PublishSpan {

    /** An untraced event's: does nothing. */
    static final PublishSpan NONE = new PublishSpan(Span.getInvalid(), false);

    private final Span span;
    private final boolean own;
    private final AtomicBoolean ended = new AtomicBoolean();

    private PublishSpan(Span span, boolean own) {
      this.span = span;
      this.own = own;
    }

    /** Makes the record's {@code traceparent} header this span's. */
    ProducerRecord<String, byte[]> carriedBy(ProducerRecord<String, byte[]> record) {
      if (own) {
        W3C.inject(Context.root().with(span), record.headers(), HEADERS);
      }
      return record;
    }

    /** A copy did not land (a failed send, or a producer closed under it): it is sent again. */
    void sendFailed(Throwable error) {
      if (own && !ended.get()) {
        span.recordException(error);
      }
    }

    /** Kafka acknowledged a copy: the first ends the span. */
    void acknowledged(RecordMetadata metadata) {
      if (own && ended.compareAndSet(false, true)) {
        if (span.isRecording()) {
          span.setAttribute(PARTITION, Integer.toString(metadata.partition()));
          if (metadata.hasOffset()) {
            span.setAttribute(OFFSET, metadata.offset());
          }
        }
        span.end();
      }
    }

    void fail(String description, Throwable error) {
      if (own && ended.compareAndSet(false, true)) {
        if (error != null) {
          span.recordException(error);
        }
        span.setStatus(StatusCode.ERROR, description);
        span.end();
      }
    }
  }
}
