package dev.outbox.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import dev.outbox.contracts.ContractReport.Finding;
import dev.outbox.contracts.ContractReport.TypeResult;
import dev.outbox.contracts.Incompatibility.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a contracts folder as the build and {@code bin/outbox schema check} do: its {@code
 * schemas/} (see {@link SchemaDocuments}) and the event examples of {@code events/}.
 *
 * <ul>
 *   <li>every schema is valid JSON Schema draft 2020-12 (against the meta-schema, and it compiles),
 *       declares that draft in {@code $schema}, has an {@code $id} no other version has, and holds
 *       at least one payload in {@code examples}, each valid against it;
 *   <li>a type's versions run v1, v2, ... without a gap;
 *   <li>every file of {@code events/} is valid against the schema of its {@code aggregateType},
 *       {@code eventType} and {@code schemaVersion}, and that schema exists;
 *   <li>each version keeps its type's rule of {@code compatibility.json} with the version before
 *       ({@link SchemaCompatibility}), and every type the rules file names exists.
 * </ul>
 */
public final class ContractCheck {

  /** The folder of the schemas, in a contracts folder. */
  public static final String SCHEMAS = "schemas";

  /** The folder of the event examples, in a contracts folder. */
  public static final String EVENTS = "events";

  /** The only dialect the schemas may declare. */
  public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContractCheck() {}

  /**
   * Checks {@code <contracts>/schemas} and {@code <contracts>/events} (which may be missing).
   *
   * @throws ContractException when the schemas cannot be read at all: the folder is missing, a file
   *     is misnamed or not JSON, {@code compatibility.json} names an unknown rule
   */
  public static ContractReport check(Path contracts) {
    return check(contracts.resolve(SCHEMAS), contracts.resolve(EVENTS));
  }

  /**
   * Checks a folder of schemas, and the event examples of {@code events} when that folder exists.
   *
   * @throws ContractException as {@link #check(Path)}
   */
  public static ContractReport check(Path schemas, Path events) {
    SchemaDocuments documents = SchemaDocuments.fromDirectory(schemas);
    return new Run(documents, schemas, events).report();
  }

  /** One check of one folder. */
  private static final class Run {

    private final SchemaDocuments documents;
    private final Path schemaFolder;
    private final Path eventFolder;
    private final Map<String, List<Finding>> byType = new LinkedHashMap<>();
    private final List<Finding> others = new ArrayList<>();
    private int examples;
    private int events;

    Run(SchemaDocuments documents, Path schemaFolder, Path eventFolder) {
      this.documents = documents;
      this.schemaFolder = schemaFolder;
      this.eventFolder = eventFolder;
      documents.typeNames().forEach(name -> byType.put(name, new ArrayList<>()));
    }

    ContractReport report() {
      boolean compiles = checkDocuments();
      JsonSchemaSet set = null;
      if (compiles) {
        try {
          set = JsonSchemaSet.of(documents);
        } catch (ContractException e) {
          others.add(new Finding(SCHEMAS, "", e.getMessage()));
        }
      }
      if (set != null) {
        checkExamples(set);
      }
      checkEvents(set);
      checkVersions();
      checkRules();
      var types = new ArrayList<TypeResult>();
      for (Map.Entry<String, List<Finding>> type : byType.entrySet()) {
        String[] name = type.getKey().split("/", 2);
        types.add(
            new TypeResult(
                type.getKey(),
                documents.versionsOf(name[0], name[1]),
                documents.ruleOf(name[0], name[1]),
                type.getValue()));
      }
      return new ContractReport(
          types,
          others,
          documents.schemas().size(),
          examples,
          events,
          schemaFolder.resolve(SchemaDocuments.RULES_FILE).toString());
    }

    /** Each schema on its own; whether every one compiles. */
    private boolean checkDocuments() {
      Schema meta = JsonSchemaSet.registry().getSchema(SchemaLocation.of(DRAFT_2020_12));
      Map<String, SchemaKey> ids = new HashMap<>();
      boolean compiles = true;
      for (Map.Entry<SchemaKey, JsonNode> entry : documents.schemas().entrySet()) {
        SchemaKey key = entry.getKey();
        JsonNode schema = entry.getValue();
        List<Finding> findings = byType.get(key.typeName());
        String where = "v" + key.version();
        JsonNode dialect = schema.get("$schema");
        if (dialect == null) {
          findings.add(
              new Finding(
                  where, "", "$schema missing: declare \"$schema\": \"" + DRAFT_2020_12 + "\""));
        } else if (!dialect.asText().replaceFirst("#$", "").equals(DRAFT_2020_12)) {
          findings.add(
              new Finding(
                  where,
                  "",
                  "$schema is '"
                      + dialect.asText()
                      + "'; the schemas are JSON Schema draft 2020-12: declare \""
                      + DRAFT_2020_12
                      + "\""));
        }
        List<Error> errors = meta.validate(schema);
        for (Error error : errors) {
          String at = error.getInstanceLocation().toString();
          findings.add(
              new Finding(
                  where,
                  "",
                  "not valid JSON Schema 2020-12"
                      + (at.isEmpty() ? "" : " at " + at)
                      + ": "
                      + error.getMessage()));
        }
        boolean compiled = errors.isEmpty() && compiles(key, schema, findings);
        compiles &= compiled;
        JsonNode id = schema.get("$id");
        if (id != null && id.isTextual()) {
          SchemaKey first = ids.putIfAbsent(id.asText(), key);
          if (first != null) {
            findings.add(
                new Finding(
                    where,
                    "",
                    "$id '"
                        + id.asText()
                        + "' is also the $id of "
                        + first
                        + ": give each version its own"));
          }
        }
        JsonNode given = schema.get("examples");
        if (given == null || !given.isArray() || given.isEmpty()) {
          findings.add(
              new Finding(
                  where,
                  "",
                  "no examples: add at least one payload of this version to \"examples\" (each"
                      + " is checked against the schema)"));
        }
      }
      return compiles;
    }

    private boolean compiles(SchemaKey key, JsonNode schema, List<Finding> findings) {
      try {
        JsonSchemaSet.registry().getSchema(schema).initializeValidators();
        return true;
      } catch (RuntimeException e) {
        findings.add(
            new Finding(
                "v" + key.version(),
                "",
                "does not compile as JSON Schema 2020-12: "
                    + e.getMessage()
                    + " (the examples and events are checked once every schema compiles)"));
        return false;
      }
    }

    private void checkExamples(JsonSchemaSet set) {
      for (Map.Entry<SchemaKey, JsonNode> entry : documents.schemas().entrySet()) {
        SchemaKey key = entry.getKey();
        JsonNode given = entry.getValue().path("examples");
        for (int i = 0; i < given.size(); i++) {
          examples++;
          String where = "v" + key.version() + " example " + (i + 1);
          for (SchemaViolation violation : set.validate(key, given.get(i))) {
            byType.get(key.typeName()).add(violationFinding(where, violation));
          }
        }
      }
    }

    private void checkEvents(JsonSchemaSet set) {
      if (eventFolder == null || !Files.isDirectory(eventFolder)) {
        return;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(eventFolder)) {
        files =
            walk.filter(Files::isRegularFile)
                .filter(f -> f.getFileName().toString().endsWith(".json"))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new ContractException("Could not read the events in " + eventFolder + ": " + e, e);
      }
      for (Path file : files) {
        events++;
        checkEvent(set, file, eventName(file));
      }
    }

    private void checkEvent(JsonSchemaSet set, Path file, String name) {
      JsonNode event;
      try {
        event = JSON.readTree(file.toFile());
      } catch (IOException e) {
        others.add(new Finding(name, "", "not valid JSON: " + e.getMessage()));
        return;
      }
      JsonNode aggregate = event == null ? null : event.get("aggregateType");
      JsonNode type = event == null ? null : event.get("eventType");
      JsonNode version = event == null ? null : event.get("schemaVersion");
      JsonNode payload = event == null ? null : event.get("payload");
      if (aggregate == null
          || !aggregate.isTextual()
          || type == null
          || !type.isTextual()
          || version == null
          || !version.canConvertToInt()
          || version.asInt() < 1
          || payload == null) {
        others.add(
            new Finding(
                name,
                "",
                "an event example holds aggregateType, eventType, schemaVersion (1 or more) and"
                    + " payload; see "
                    + EVENTS
                    + "/README.md"));
        return;
      }
      var key = new SchemaKey(aggregate.asText(), type.asText(), version.asInt());
      List<Finding> findings = byType.get(key.typeName());
      if (!documents.schemas().containsKey(key)) {
        String missing =
            "no schema for "
                + key
                + ": add "
                + SCHEMAS
                + "/"
                + key.path()
                + " or fix the event's aggregateType, eventType or schemaVersion";
        (findings == null ? others : findings).add(new Finding(name, "", missing));
        return;
      }
      if (set == null) {
        return;
      }
      for (SchemaViolation violation : set.validate(key, payload)) {
        findings.add(violationFinding(name, violation));
      }
    }

    private void checkVersions() {
      for (String typeName : byType.keySet()) {
        String[] name = typeName.split("/", 2);
        List<Integer> versions = documents.versionsOf(name[0], name[1]);
        int last = versions.get(versions.size() - 1);
        var missing = new ArrayList<String>();
        for (int v = 1; v < last; v++) {
          if (!versions.contains(v)) {
            missing.add("v" + v);
          }
        }
        if (!missing.isEmpty()) {
          byType
              .get(typeName)
              .add(
                  new Finding(
                      String.join(", ", missing),
                      "",
                      "missing: a type's versions run v1, v2, ... without a gap (found "
                          + versions.stream().map(v -> "v" + v).collect(Collectors.joining(", "))
                          + ")"));
        }
        Compatibility rule = documents.ruleOf(name[0], name[1]);
        for (int i = 1; i < versions.size(); i++) {
          int older = versions.get(i - 1);
          int newer = versions.get(i);
          JsonNode olderSchema = documents.schemas().get(new SchemaKey(name[0], name[1], older));
          JsonNode newerSchema = documents.schemas().get(new SchemaKey(name[0], name[1], newer));
          for (Incompatibility found : SchemaCompatibility.check(rule, olderSchema, newerSchema)) {
            String where =
                found.direction() == Direction.BACKWARD
                    ? "v" + newer + " cannot read v" + older
                    : "v" + older + " cannot read v" + newer;
            byType.get(typeName).add(new Finding(where, found.path(), found.message()));
          }
        }
      }
    }

    private void checkRules() {
      for (String typeName : documents.overrides().keySet()) {
        if (!byType.containsKey(typeName)) {
          others.add(
              new Finding(
                  SchemaDocuments.RULES_FILE,
                  "",
                  "'"
                      + typeName
                      + "' names no event type of "
                      + schemaFolder
                      + " (the types are "
                      + String.join(", ", byType.keySet())
                      + "): fix or remove it"));
        }
      }
    }

    private String eventName(Path file) {
      Path folder = eventFolder.getFileName();
      String relative = eventFolder.relativize(file).toString().replace('\\', '/');
      return (folder == null ? "" : folder + "/") + relative;
    }

    private static Finding violationFinding(String where, SchemaViolation violation) {
      return new Finding(
          where, violation.path(), violation.message() + " [" + violation.rule() + "]");
    }
  }
}
