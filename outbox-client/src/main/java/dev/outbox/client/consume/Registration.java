package dev.outbox.client.consume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import org.jooq.DSLContext;

/** A catalog with its handler: decodes a payload as the type's record and hands it over. */
record Registration<E>(EventCatalog<E> catalog, EventHandler<E> handler) {

  void handle(DSLContext tx, CloudEventHeaders headers, IncomingEvent in, ObjectMapper mapper) {
    handler.handle(
        tx,
        new EventEnvelope<>(
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
            decode(headers, in, mapper)));
  }

  private E decode(CloudEventHeaders headers, IncomingEvent in, ObjectMapper mapper) {
    Class<? extends E> eventClass =
        catalog
            .classOf(headers.type())
            .orElseThrow(
                () ->
                    new PermanentEventException(
                        "Unknown event type '"
                            + headers.type()
                            + "' for aggregate type '"
                            + catalog.aggregateType()
                            + "' (known: "
                            + catalog.eventTypes()
                            + ") in "
                            + in));
    if (in.payload() == null) {
      throw new PermanentEventException("No payload (null value) in " + in);
    }
    try {
      JsonNode json = mapper.readTree(in.payload());
      if (json == null || !json.isObject()) {
        throw new PermanentEventException(
            "Payload is not a JSON object but "
                + (json == null ? "empty" : json.getNodeType())
                + " in "
                + in);
      }
      return mapper.treeToValue(json, eventClass);
    } catch (JsonProcessingException e) {
      throw new PermanentEventException(
          "Payload is not a valid "
              + headers.type()
              + " ("
              + eventClass.getSimpleName()
              + "): "
              + e.getOriginalMessage()
              + " in "
              + in,
          e);
    }
  }
}
