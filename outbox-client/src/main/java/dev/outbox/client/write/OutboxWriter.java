package dev.outbox.client.write;

import static dev.outbox.client.jooq.Tables.OUTBOX;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.trace.TraceContext;
import dev.outbox.client.trace.TraceParent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
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

  OutboxWriter(
      EventRegistry registry,
      Clock clock,
      Supplier<UUID> idSupplier,
      TraceContext traceContext,
      ObjectMapper mapper) {
    this.registry = registry;
    this.clock = clock;
    this.idSupplier = idSupplier;
    this.traceContext = traceContext;
    this.mapper = mapper;
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
    String payload;
    try {
      payload = mapper.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new OutboxAppendException(
          "Could not write " + event.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
          e);
    }
    UUID id = Objects.requireNonNull(idSupplier.get(), "idSupplier returned null");
    Instant occurredAt = clock.instant();
    String traceParent = traceContext.current().map(TraceParent::value).orElse(null);
    var appended =
        new AppendedEvent(
            id,
            catalog.aggregateType(),
            aggregateId,
            aggregateVersion,
            catalog.typeOf(event.getClass()),
            catalog.schemaVersionOf(event.getClass()),
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
    LOG.debug(
        "Outbox - appended {} {} {} v{} as {}",
        appended.eventType(),
        appended.aggregateType(),
        aggregateId,
        aggregateVersion,
        id);
    return appended;
  }
}
