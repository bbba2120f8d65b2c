package dev.outbox.client.write;

import static dev.outbox.client.jooq.Tables.OUTBOX;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.trace.OutboxSpans;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceContext;
import dev.outbox.client.trace.TraceParent;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.contracts.SchemaViolation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Inserts one outbox row per event; knows nothing of transactions (its caller guarantees one). */
final class OutboxWriter {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxWriter.class);

  private final EventRegistry registry;
  private final Clock clock;
  private final Supplier<UUID> idSupplier;
  private final TraceContext traceContext;
  private final ObjectMapper mapper;
  private final EventSchemas schemas;
  private final Tracer tracer;
  private final boolean tracing;

  /**
   * @param schemas what each payload is validated against; null appends without validation
   * @param openTelemetry makes the append's span, when there is a current trace; with the API's
   *     no-op there is none, and the row carries the current trace as it is
   */
  OutboxWriter(
      EventRegistry registry,
      Clock clock,
      Supplier<UUID> idSupplier,
      TraceContext traceContext,
      ObjectMapper mapper,
      EventSchemas schemas,
      OpenTelemetry openTelemetry) {
    this.registry = registry;
    this.clock = clock;
    this.idSupplier = idSupplier;
    this.traceContext = traceContext;
    this.mapper = mapper;
    this.schemas = schemas;
    this.tracer = OutboxSpans.tracer(openTelemetry);
    this.tracing = OutboxSpans.tracing(openTelemetry);
  }

  AppendedEvent append(DSLContext dsl, String aggregateId, long aggregateVersion, Object event) {
    Objects.requireNonNull(event, "event");
    if (aggregateId == null || aggregateId.isEmpty()) {
      throw new OutboxAppendException("aggregateId cannot be null or empty");
    }
    if (aggregateVersion < 1) {
      throw new OutboxAppendException(
          "aggregateVersion must be 1 or more, was " + aggregateVersion);
    }
    EventCatalog<?> catalog = registry.catalogOf(event);
    var schema =
        new SchemaKey(
            catalog.aggregateType(),
            catalog.typeOf(event.getClass()),
            catalog.schemaVersionOf(event.getClass()));
    UUID id = Objects.requireNonNull(idSupplier.get(), "idSupplier returned null");
    Optional<TraceParent> cause = traceContext.current();
    Span span =
        tracing && cause.isPresent()
            ? startSpan(cause.get(), schema, aggregateId, aggregateVersion, id)
            : null;
    try {
      String payload = payload(event, schema, aggregateId, aggregateVersion);
      Instant occurredAt = clock.instant();
      // The row carries the append's span: the relay's publish is its child.
      String traceParent =
          span == null
              ? cause.map(TraceParent::value).orElse(null)
              : OutboxSpans.traceParentOf(span, cause.get());
      var appended =
          new AppendedEvent(
              id,
              schema.aggregateType(),
              aggregateId,
              aggregateVersion,
              schema.eventType(),
              schema.version(),
              occurredAt,
              traceParent);
      dsl.insertInto(OUTBOX)
          .set(OUTBOX.ID, appended.id())
          .set(OUTBOX.AGGREGATE_TYPE, appended.aggregateType())
          .set(OUTBOX.AGGREGATE_ID, appended.aggregateId())
          .set(OUTBOX.AGGREGATE_VERSION, appended.aggregateVersion())
          .set(OUTBOX.EVENT_TYPE, appended.eventType())
          .set(OUTBOX.SCHEMA_VERSION, appended.schemaVersion())
          .set(OUTBOX.PAYLOAD, JSONB.valueOf(payload))
          .set(OUTBOX.OCCURRED_AT, occurredAt.atOffset(ZoneOffset.UTC))
          .set(OUTBOX.TRACE_PARENT, traceParent)
          .execute();
      logAppended(appended);
      return appended;
    } catch (RuntimeException e) {
      if (span != null) {
        OutboxSpans.failed(span, e);
      }
      throw e;
    } finally {
      if (span != null) {
        span.end();
      }
    }
  }

  /**
   * The append's span, a child of the current trace: the current span itself when the trace comes
   * from OpenTelemetry's context, else the trace the writer's {@link TraceContext} supplies.
   */
  private Span startSpan(
      TraceParent cause, SchemaKey schema, String aggregateId, long aggregateVersion, UUID id) {
    Context parent =
        traceContext == ThreadLocalTraceContext.INSTANCE
            ? Context.current()
            : OutboxSpans.under(cause);
    return tracer
        .spanBuilder("outbox append " + schema.eventType())
        .setSpanKind(SpanKind.PRODUCER)
        .setParent(parent)
        .setAttribute(OutboxSpans.MESSAGING_SYSTEM, "outbox")
        .setAttribute(OutboxSpans.OPERATION_TYPE, "create")
        .setAttribute(OutboxSpans.OPERATION_NAME, "append")
        .setAttribute(OutboxSpans.MESSAGE_ID, id.toString())
        .setAttribute(OutboxSpans.AGGREGATE_TYPE, schema.aggregateType())
        .setAttribute(OutboxSpans.AGGREGATE_ID, aggregateId)
        .setAttribute(OutboxSpans.AGGREGATE_VERSION, aggregateVersion)
        .setAttribute(OutboxSpans.EVENT_TYPE, schema.eventType())
        .setAttribute(OutboxSpans.SCHEMA_VERSION, (long) schema.version())
        .startSpan();
  }

  private static void logAppended(AppendedEvent appended) {
    LOG.debug(
        "Outbox - appended {} {} {} v{} as {}",
        appended.eventType(),
        appended.aggregateType(),
        appended.aggregateId(),
        appended.aggregateVersion(),
        appended.id());
  }

  /**
   * The event as JSON text, validated first when there are schemas: the tree it is checked as is
   * the tree that is written, so what was validated is what is stored.
   */
  private String payload(Object event, SchemaKey schema, String aggregateId, long version) {
    try {
      if (schemas == null) {
        return mapper.writeValueAsString(event);
      }
      JsonNode tree = mapper.valueToTree(event);
      List<SchemaViolation> violations = schemas.validate(schema, tree);
      if (!violations.isEmpty()) {
        throw new InvalidEventException(schema, aggregateId, version, violations);
      }
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw cannotWrite(event, e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      // valueToTree wraps what the serializer threw.
      throw cannotWrite(event, e.getMessage(), e);
    }
  }

  private static OutboxAppendException cannotWrite(Object event, String why, Exception cause) {
    return new OutboxAppendException(
        "Could not write " + event.getClass().getName() + " as JSON: " + why, cause);
  }
}
