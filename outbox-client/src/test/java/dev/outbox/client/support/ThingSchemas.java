package dev.outbox.client.support;

import dev.outbox.contracts.JsonSchemaSet;
import dev.outbox.contracts.SchemaDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Schemas of the tests' {@link ThingEvent}s under a test's own aggregate type, written to a folder
 * in the contracts layout: {@code ThingCreated} v1 ({@code id}, {@code name} of at most 20
 * characters) and {@code ThingRenamed} v1 (the old shape: {@code id}, {@code title}) and v2 ({@code
 * id}, {@code name}), every object closed. More versions can be added before {@link #build()}.
 */
public final class ThingSchemas {

  private final Path folder;
  private final String aggregateType;
  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, String> rules = new LinkedHashMap<>();

  private ThingSchemas(Path folder, String aggregateType) {
    this.folder = folder;
    this.aggregateType = aggregateType;
    files.put("ThingCreated.v1", schema("id", "name"));
    files.put("ThingRenamed.v1", schema("id", "title"));
    files.put("ThingRenamed.v2", schema("id", "name"));
  }

  /** The schemas of {@code aggregateType} in {@code folder}. */
  public static ThingSchemas of(Path folder, String aggregateType) {
    return new ThingSchemas(folder, aggregateType);
  }

  /** A closed object schema whose properties are all required strings of 1 to 20 characters. */
  public static String schema(String... properties) {
    var text = new StringBuilder();
    for (String property : properties) {
      if (!text.isEmpty()) {
        text.append(", ");
      }
      text.append('"')
          .append(property)
          .append("\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 20}");
    }
    return """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "required": [%s], "additionalProperties": false, "properties": {%s}}
        """
        .formatted(
            String.join(
                ", ", java.util.Arrays.stream(properties).map(p -> "\"" + p + "\"").toList()),
            text);
  }

  /** Adds (or replaces) version {@code version} of {@code eventType}. */
  public ThingSchemas with(String eventType, int version, String schema) {
    files.put(eventType + ".v" + version, schema);
    return this;
  }

  /** Leaves version {@code version} of {@code eventType} out. */
  public ThingSchemas without(String eventType, int version) {
    files.remove(eventType + ".v" + version);
    return this;
  }

  /** Gives {@code eventType} its own rule in {@code compatibility.json}. */
  public ThingSchemas rule(String eventType, String rule) {
    rules.put(aggregateType + "/" + eventType, rule);
    return this;
  }

  /** Writes the files and compiles them. */
  public JsonSchemaSet build() {
    try {
      Path dir = Files.createDirectories(folder.resolve(aggregateType));
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.writeString(dir.resolve(file.getKey() + SchemaDocuments.SUFFIX), file.getValue());
      }
      var types = new StringBuilder();
      rules.forEach(
          (type, rule) ->
              types
                  .append(types.isEmpty() ? "" : ", ")
                  .append("\"" + type + "\": \"" + rule + "\""));
      Files.writeString(
          folder.resolve(SchemaDocuments.RULES_FILE),
          "{\"default\": \"FULL\", \"types\": {" + types + "}}");
      return JsonSchemaSet.of(SchemaDocuments.fromDirectory(folder));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
