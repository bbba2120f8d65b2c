package dev.outbox.client.consume;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a record's value into the JSON tree the consumer validates, upcasts and decodes: the seam
 * where another serialisation plugs in. The default reads the value as JSON text, as the relay
 * publishes the outbox's {@code jsonb} payload. A team that publishes Avro or Protobuf with a
 * schema registry decodes here (the writer's schema from the registry, the datum rendered as a
 * tree), and keeps the outbox table and everything after this step as they are.
 *
 * <p>The runtime carries a value as UTF-8 text (a dead letter keeps it so, readable with SQL), so a
 * text encoding fits as it is (Avro's JSON encoding, Protobuf's JSON mapping); a binary one also
 * needs the dead letter's payload kept as bytes.
 */
@FunctionalInterface
public interface PayloadDecoder {

  /**
   * The value as a tree.
   *
   * @param eventType the record's {@code ce_type}
   * @param schemaVersion the record's {@code ce_schemaversion}
   * @param value the record's value as UTF-8 text, never null
   * @throws PermanentEventException saying why, when the value cannot be decoded
   */
  JsonNode decode(String eventType, int schemaVersion, String value);
}
