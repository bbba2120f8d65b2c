package dev.outbox.relay.stream;

import java.nio.charset.StandardCharsets;

/**
 * What the Kafka record's value is made of: the seam where another serialisation plugs in without
 * changing the outbox table. The relay publishes {@link #JSON}, the row's {@code jsonb} payload as
 * UTF-8 text. A team that publishes Avro or Protobuf with a schema registry encodes here: it looks
 * up the registry's schema for the event's type and {@code schema_version}, converts the payload
 * and writes the registry's wire format, and names its content type; consumers decode it with a
 * matching {@code PayloadDecoder}.
 */
public interface ValueEncoder {

  /** The payload as the JSON text the outbox row holds. */
  ValueEncoder JSON =
      new ValueEncoder() {
        @Override
        public String contentType() {
          return "application/json";
        }

        @Override
        public byte[] encode(OutboxEvent event) {
          return event.payload().getBytes(StandardCharsets.UTF_8);
        }
      };

  /** The record's {@code content-type} header. */
  String contentType();

  /** The record's value. */
  byte[] encode(OutboxEvent event);
}
