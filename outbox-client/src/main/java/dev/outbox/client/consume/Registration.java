package dev.outbox.client.consume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * A catalog with its handler: decodes payloads as the type's records and hands them over, a batch
 * at a time (a per-event {@link EventHandler} gets them one after the other).
 */
record Registration<E>(EventCatalog<E> catalog, BatchEventHandler<E> handler) {

  /** A per-event handler, called for each event of a batch with the event's trace current. */
  static <E> Registration<E> perEvent(EventCatalog<E> catalog, EventHandler<E> handler) {
    return new Registration<>(
        catalog,
        (tx, events) -> {
          for (EventEnvelope<E> envelope : events) {
            try (ThreadLocalTraceContext.Scope trace = envelope.openTrace()) {
              handler.handle(tx, envelope);
            }
          }
        });
  }

  /**
   * Decodes the records and hands them to the handler in {@code tx}, in their order.
   *
   * @throws PermanentEventException when a payload cannot be decoded (nothing was handed over)
   */
  void handle(DSLContext tx, List<ConsumerState.Received> records, PayloadReader reader) {
    List<EventEnvelope<E>> envelopes = new ArrayList<>(records.size());
    for (ConsumerState.Received record : records) {
      envelopes.add(envelope(record.headers(), record.in(), reader));
    }
    handler.handle(tx, envelopes);
  }

  /**
   * The envelope the handler gets: the record's attributes and its decoded payload.
   *
   * @throws PermanentEventException when the type is unknown or the payload does not fit its
   *     record, saying which field is wrong and how
   */
  EventEnvelope<E> envelope(CloudEventHeaders headers, IncomingEvent in, PayloadReader reader) {
    return new EventEnvelope<>(
        headers.id(),
        headers.type(),
        headers.source(),
        headers.aggregateType(),
        headers.aggregateId(),
        headers.aggregateVersion(),
        headers.schemaVersion(),
        headers.time(),
        headers.traceParent(),
        in.topic(),
        in.partition(),
        in.offset(),
        headers.snapshot(),
        headers.backfillId(),
        decode(headers, in, reader));
  }

  private E decode(CloudEventHeaders headers, IncomingEvent in, PayloadReader reader) {
    ObjectMapper mapper = reader.mapper();
    Class<? extends E> eventClass =
        catalog
            .classOf(headers.type())
            .orElseThrow(
                () ->
                    new PermanentEventException(
                        "unknown event type '"
                            + headers.type()
                            + "' ("
                            + aggregate(headers)
                            + "; known: "
                            + String.join(", ", catalog.eventTypes())
                            + ")"));
    String subject =
        "payload of "
            + headers.type()
            + " v"
            + headers.schemaVersion()
            + " ("
            + aggregate(headers)
            + "): ";
    if (in.payload() == null) {
      throw new PermanentEventException(subject + "none (the record's value is null)");
    }
    JsonNode json;
    try {
      json = reader.decoder().decode(headers.type(), headers.schemaVersion(), in.payload());
    } catch (PermanentEventException e) {
      throw new PermanentEventException(subject + e.getMessage(), e.getCause());
    }
    if (json == null || !json.isObject()) {
      throw new PermanentEventException(subject + PayloadProblem.notAnObject(json));
    }
    json = reader.read(catalog, eventClass, headers.schemaVersion(), json, subject);
    try {
      return mapper.treeToValue(json, eventClass);
    } catch (JsonMappingException e) {
      throw new PermanentEventException(subject + PayloadProblem.of(e, json));
    } catch (JsonProcessingException e) {
      throw new PermanentEventException(subject + e.getOriginalMessage());
    }
  }

  private static String aggregate(CloudEventHeaders headers) {
    return headers.aggregateType()
        + " "
        + headers.aggregateId()
        + ", version "
        + headers.aggregateVersion();
  }
}
