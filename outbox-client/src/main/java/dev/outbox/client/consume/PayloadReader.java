package dev.outbox.client.consume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.contracts.Compatibility;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.contracts.SchemaViolation;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Brings an incoming payload to the version the consumer's record reads: validated against the
 * schema its headers name, then upcast version by version. The rules, for a record of version R and
 * an event written as version W:
 *
 * <ul>
 *   <li>W known: the payload must be valid under W's schema.
 *   <li>W newer than every schema the consumer has: read against its newest schema, ignoring
 *       properties it does not know, when the type's rule is FORWARD or FULL (old readers read new
 *       events); otherwise parked, naming the versions.
 *   <li>W older than R: each upcaster from W to R runs (a missing step passes the payload as it is,
 *       which the build allows only where the rule is BACKWARD or FULL); the result must be valid
 *       under R's schema.
 *   <li>W newer than R (the schemas know W, the record is older): read tolerantly when the rule is
 *       FORWARD or FULL, parked otherwise.
 * </ul>
 *
 * Without schemas, payloads are upcast and read tolerantly, unchecked.
 */
final class PayloadReader {

  private final ObjectMapper mapper;
  private final PayloadDecoder decoder;
  private final EventSchemas schemas;
  private final Map<SchemaKey, Upcaster> upcasters;

  /** Values read as JSON text by {@code mapper}. */
  PayloadReader(ObjectMapper mapper, EventSchemas schemas, Map<SchemaKey, Upcaster> upcasters) {
    this(mapper, json(mapper), schemas, upcasters);
  }

  /**
   * @param decoder what turns a record's value into a tree
   * @param schemas null reads without validation
   * @param upcasters by the type and version they read
   */
  PayloadReader(
      ObjectMapper mapper,
      PayloadDecoder decoder,
      EventSchemas schemas,
      Map<SchemaKey, Upcaster> upcasters) {
    this.mapper = mapper;
    this.decoder = decoder;
    this.schemas = schemas;
    this.upcasters = Map.copyOf(upcasters);
  }

  /** The default decoder: the value is JSON text. */
  static PayloadDecoder json(ObjectMapper mapper) {
    return (type, version, value) -> {
      try {
        return mapper.readTree(value);
      } catch (IOException e) {
        // The message says all there is; Jackson's own would only repeat it in Java terms.
        throw new PermanentEventException(
            e instanceof JsonProcessingException json
                ? PayloadProblem.notJson(json)
                : "unreadable: " + e.getMessage());
      }
    };
  }

  ObjectMapper mapper() {
    return mapper;
  }

  PayloadDecoder decoder() {
    return decoder;
  }

  /**
   * The payload as the record's version carries it.
   *
   * @param subject how messages name the event, e.g. {@code payload of CustomerUpdated v1 (customer
   *     3f1c..., version 2): }
   * @throws PermanentEventException when the payload breaks its schema, its version cannot be read
   *     by this record, or an upcaster fails
   */
  JsonNode read(
      EventCatalog<?> catalog, Class<?> eventClass, int written, JsonNode payload, String subject) {
    String aggregateType = catalog.aggregateType();
    String type = catalog.typeOf(eventClass);
    int record = catalog.schemaVersionOf(eventClass);
    int version = written;
    if (schemas != null) {
      var key = new SchemaKey(aggregateType, type, written);
      if (schemas.knows(key)) {
        requireValid(key, payload, false, subject, "breaks its schema");
      } else {
        OptionalInt newest = schemas.newestVersion(aggregateType, type);
        Compatibility rule = schemas.ruleOf(aggregateType, type);
        if (newest.isEmpty() || written < newest.getAsInt() || !rule.forward()) {
          throw new PermanentEventException(subject + unknownVersion(key, newest, rule));
        }
        version = newest.getAsInt();
        requireValid(
            new SchemaKey(aggregateType, type, version),
            payload,
            true,
            subject,
            "is newer than this consumer's schemas (read as v" + version + ") and breaks");
      }
    }
    if (version > record) {
      if (schemas != null && !schemas.ruleOf(aggregateType, type).forward()) {
        throw new PermanentEventException(
            subject
                + "v"
                + version
                + " is newer than the v"
                + record
                + " this consumer reads, and "
                + aggregateType
                + "/"
                + type
                + " keeps "
                + schemas.ruleOf(aggregateType, type)
                + " compatibility, under which a v"
                + record
                + " reader cannot read it: deploy the consumer with a v"
                + version
                + " record, then replay this event");
      }
      return payload;
    }
    JsonNode upcast = payload;
    boolean changed = false;
    for (int from = version; from < record; from++) {
      Upcaster upcaster = upcasters.get(new SchemaKey(aggregateType, type, from));
      if (upcaster != null) {
        upcast = upcast(upcaster, (ObjectNode) upcast, from, subject);
        changed = true;
      }
    }
    if (changed && schemas != null) {
      requireValid(
          new SchemaKey(aggregateType, type, record),
          upcast,
          false,
          subject,
          "upcast from v" + version + " to v" + record + " breaks");
    }
    return upcast;
  }

  private ObjectNode upcast(Upcaster upcaster, ObjectNode payload, int from, String subject) {
    ObjectNode result;
    try {
      result = upcaster.upcast(payload.deepCopy());
    } catch (RuntimeException e) {
      throw new PermanentEventException(
          subject + "the upcaster from v" + from + " to v" + (from + 1) + " failed: " + e, e);
    }
    if (result == null) {
      throw new PermanentEventException(
          subject + "the upcaster from v" + from + " to v" + (from + 1) + " returned null");
    }
    return result;
  }

  private void requireValid(
      SchemaKey key, JsonNode payload, boolean tolerant, String subject, String what) {
    List<SchemaViolation> violations = schemas.validate(key, payload);
    if (tolerant) {
      // A newer version may carry properties the older schema does not list: a tolerant reader
      // ignores them, as its mapper does.
      violations =
          violations.stream().filter(v -> !"additionalProperties".equals(v.rule())).toList();
    }
    if (!violations.isEmpty()) {
      throw new PermanentEventException(
          subject
              + what
              + " "
              + key.path()
              + ": "
              + violations.stream()
                  .map(SchemaViolation::toString)
                  .collect(Collectors.joining("; ")));
    }
  }

  private static String unknownVersion(SchemaKey key, OptionalInt newest, Compatibility rule) {
    if (newest.isEmpty()) {
      return "there is no schema of " + key.typeName() + " at all (" + key.path() + ")";
    }
    if (key.version() < newest.getAsInt()) {
      return "there is no schema of "
          + key
          + " ("
          + key.path()
          + ") although v"
          + newest.getAsInt()
          + " has one: restore the missing version's schema";
    }
    return "v"
        + key.version()
        + " is newer than this consumer knows (newest v"
        + newest.getAsInt()
        + "), and "
        + key.typeName()
        + " keeps "
        + rule
        + " compatibility, under which a v"
        + newest.getAsInt()
        + " reader cannot read it: deploy the consumer with the v"
        + key.version()
        + " schema, then replay this event";
  }
}
