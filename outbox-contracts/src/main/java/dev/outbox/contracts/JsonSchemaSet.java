package dev.outbox.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@link EventSchemas} over JSON Schema (draft 2020-12) documents, each compiled once when the set
 * is made: validating a payload then walks the compiled schema only. Format keywords ({@code
 * date-time}, {@code uuid}, ...) are asserted, not just annotated; paths are JSON paths ({@code
 * $.customer.email}) and messages English.
 */
public final class JsonSchemaSet implements EventSchemas {

  private final SchemaDocuments documents;
  private final Map<SchemaKey, Schema> compiled;

  private JsonSchemaSet(SchemaDocuments documents, Map<SchemaKey, Schema> compiled) {
    this.documents = documents;
    this.compiled = Map.copyOf(compiled);
  }

  /**
   * Compiles every schema of {@code documents}.
   *
   * @throws ContractException naming the file whose schema is not valid JSON Schema
   */
  public static JsonSchemaSet of(SchemaDocuments documents) {
    SchemaRegistry registry = registry();
    var compiled = new HashMap<SchemaKey, Schema>();
    for (Map.Entry<SchemaKey, JsonNode> entry : documents.schemas().entrySet()) {
      try {
        Schema schema = registry.getSchema(entry.getValue());
        schema.initializeValidators();
        compiled.put(entry.getKey(), schema);
      } catch (RuntimeException e) {
        throw new ContractException(
            documents.origin()
                + "/"
                + entry.getKey().path()
                + " is not a valid JSON Schema: "
                + e.getMessage(),
            e);
      }
    }
    return new JsonSchemaSet(documents, compiled);
  }

  /** The documents the set was compiled from. */
  public SchemaDocuments documents() {
    return documents;
  }

  @Override
  public List<SchemaViolation> validate(SchemaKey key, JsonNode payload) {
    Schema schema = compiled.get(key);
    if (schema == null) {
      throw new ContractException(
          "No schema for " + key + " in " + documents.origin() + " (" + key.path() + ")");
    }
    List<Error> errors = schema.validate(payload);
    if (errors.isEmpty()) {
      return List.of();
    }
    var violations = new ArrayList<SchemaViolation>(errors.size());
    for (Error error : errors) {
      violations.add(
          new SchemaViolation(
              error.getInstanceLocation().toString(), error.getKeyword(), error.getMessage()));
    }
    return List.copyOf(violations);
  }

  @Override
  public boolean knows(SchemaKey key) {
    return compiled.containsKey(key);
  }

  @Override
  public OptionalInt newestVersion(String aggregateType, String eventType) {
    List<Integer> versions = documents.versionsOf(aggregateType, eventType);
    return versions.isEmpty()
        ? OptionalInt.empty()
        : OptionalInt.of(versions.get(versions.size() - 1));
  }

  @Override
  public Compatibility ruleOf(String aggregateType, String eventType) {
    return documents.ruleOf(aggregateType, eventType);
  }

  /** The registry every schema of a set is compiled with (formats asserted). */
  static SchemaRegistry registry() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            // The same words on every machine, whatever its default locale.
            .locale(Locale.ENGLISH)
            .build();
    return SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
  }
}
