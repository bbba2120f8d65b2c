package dev.outbox.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.OptionalInt;

/**
 * The contracts a service checks its events against, by event type and schema version: where the
 * outbox writer validates a payload before it inserts the row, and where a consumer validates an
 * incoming payload before its handler sees it.
 *
 * <p>{@link JsonSchemaSet} is the implementation over JSON Schema files. A team with a schema
 * registry implements this interface with the registry's client: the contract of the outbox table
 * (a JSON payload, its type and version) stays as it is.
 */
public interface EventSchemas {

  /**
   * The violations of {@code payload} against the schema of its type and version; empty when it is
   * valid.
   *
   * @throws ContractException when there is no schema for that type and version
   */
  List<SchemaViolation> validate(SchemaKey key, JsonNode payload);

  /** Whether a schema for that type and version is known. */
  boolean knows(SchemaKey key);

  /** The newest version known of a type, empty when the type has none. */
  OptionalInt newestVersion(String aggregateType, String eventType);

  /** The rule the type's versions keep with one another. */
  Compatibility ruleOf(String aggregateType, String eventType);
}
