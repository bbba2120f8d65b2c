package dev.outbox.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The schema files of a contract folder as JSON documents, before they are compiled: {@code
 * <aggregate>/<EventType>.v<N>.schema.json}, one per event type and version, and {@code
 * compatibility.json}, the rule each type's versions keep ({@code {"default": "FULL", "types":
 * {"customer/CustomerUpdated": "BACKWARD"}}}).
 */
public final class SchemaDocuments {

  /** How every schema file's name ends. */
  public static final String SUFFIX = ".schema.json";

  /** The file of the compatibility rules, at the folder's top. */
  public static final String RULES_FILE = "compatibility.json";

  /** Where the reference apps pack {@code contracts/schemas} on their class path. */
  public static final String CLASSPATH_ROOT = "contracts/schemas";

  private static final Pattern FILE_NAME =
      Pattern.compile("([A-Za-z][A-Za-z0-9_]*)\\.v([1-9][0-9]*)" + Pattern.quote(SUFFIX));
  private static final Comparator<SchemaKey> ORDER =
      Comparator.comparing(SchemaKey::typeName).thenComparingInt(SchemaKey::version);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String origin;
  private final Map<SchemaKey, JsonNode> schemas;
  private final Compatibility defaultRule;
  private final Map<String, Compatibility> rules;

  private SchemaDocuments(
      String origin,
      Map<SchemaKey, JsonNode> schemas,
      Compatibility defaultRule,
      Map<String, Compatibility> rules) {
    this.origin = origin;
    this.schemas = Collections.unmodifiableMap(schemas);
    this.defaultRule = defaultRule;
    this.rules = Map.copyOf(rules);
  }

  /**
   * Every schema file under {@code folder} (one folder per aggregate type) and its rules file.
   *
   * @throws ContractException when the folder is missing, a file is misnamed or not JSON, or a rule
   *     is unknown
   */
  public static SchemaDocuments fromDirectory(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new ContractException(
          folder
              + " is not a folder of event schemas (<aggregate>/<EventType>.v<N>"
              + SUFFIX
              + ")");
    }
    var schemas = new TreeMap<SchemaKey, JsonNode>(ORDER);
    try (Stream<Path> aggregates = Files.list(folder)) {
      for (Path aggregate : aggregates.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(aggregate)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = file.getFileName().toString();
            Matcher matcher = FILE_NAME.matcher(name);
            if (!matcher.matches()) {
              throw new ContractException(
                  folder.relativize(file)
                      + " is not named <EventType>.v<N>"
                      + SUFFIX
                      + " (e.g. CustomerUpdated.v2"
                      + SUFFIX
                      + "); rename or move it");
            }
            var key =
                new SchemaKey(
                    aggregate.getFileName().toString(),
                    matcher.group(1),
                    Integer.parseInt(matcher.group(2)));
            schemas.put(key, read(folder.relativize(file).toString(), Files.readAllBytes(file)));
          }
        }
      }
      Path rulesFile = folder.resolve(RULES_FILE);
      JsonNode rules =
          Files.isRegularFile(rulesFile)
              ? read(RULES_FILE, Files.readAllBytes(rulesFile))
              : JSON.createObjectNode();
      return withRules(folder.toString(), schemas, rules);
    } catch (IOException e) {
      throw new ContractException("Could not read the schemas in " + folder + ": " + e, e);
    }
  }

  /**
   * The schemas of the given event types from the class path, under {@code root}: versions 1, 2,
   * ... of each type, up to the first one missing.
   *
   * @param typesByAggregate e.g. {@code customer -> [CustomerCreated, CustomerUpdated]}
   * @throws ContractException when a file is not JSON or a rule is unknown
   */
  public static SchemaDocuments fromClasspath(
      ClassLoader loader, String root, Map<String, ? extends Iterable<String>> typesByAggregate) {
    var schemas = new TreeMap<SchemaKey, JsonNode>(ORDER);
    for (Map.Entry<String, ? extends Iterable<String>> aggregate : typesByAggregate.entrySet()) {
      for (String type : aggregate.getValue()) {
        for (int version = 1; ; version++) {
          var key = new SchemaKey(aggregate.getKey(), type, version);
          byte[] bytes = resource(loader, root + "/" + key.path());
          if (bytes == null) {
            break;
          }
          schemas.put(key, read(root + "/" + key.path(), bytes));
        }
      }
    }
    byte[] rules = resource(loader, root + "/" + RULES_FILE);
    return withRules(
        "classpath:" + root,
        schemas,
        rules == null ? JSON.createObjectNode() : read(root + "/" + RULES_FILE, rules));
  }

  /** Where the documents were read, for messages: a folder or {@code classpath:<root>}. */
  public String origin() {
    return origin;
  }

  /** Every schema, by type name and then version. */
  public Map<SchemaKey, JsonNode> schemas() {
    return schemas;
  }

  /** The types, as {@code <aggregate>/<EventType>}, in order. */
  public Set<String> typeNames() {
    var names = new TreeSet<String>();
    schemas.keySet().forEach(key -> names.add(key.typeName()));
    return names;
  }

  /** The versions of a type held here, in order (empty when none). */
  public List<Integer> versionsOf(String aggregateType, String eventType) {
    var versions = new ArrayList<Integer>();
    for (SchemaKey key : schemas.keySet()) {
      if (key.aggregateType().equals(aggregateType) && key.eventType().equals(eventType)) {
        versions.add(key.version());
      }
    }
    return versions;
  }

  /** The rule a type's versions keep: its own in {@code compatibility.json}, else the default. */
  public Compatibility ruleOf(String aggregateType, String eventType) {
    return rules.getOrDefault(aggregateType + "/" + eventType, defaultRule);
  }

  /** The default rule ({@link Compatibility#FULL} unless the rules file says otherwise). */
  public Compatibility defaultRule() {
    return defaultRule;
  }

  /** The types with a rule of their own, as the rules file names them. */
  public Map<String, Compatibility> overrides() {
    return rules;
  }

  private static SchemaDocuments withRules(
      String origin, Map<SchemaKey, JsonNode> schemas, JsonNode rules) {
    if (!rules.isObject()) {
      throw new ContractException(RULES_FILE + " must be a JSON object");
    }
    Compatibility defaultRule = Compatibility.FULL;
    var overrides = new LinkedHashMap<String, Compatibility>();
    try {
      if (rules.hasNonNull("default")) {
        defaultRule = Compatibility.of(rules.get("default").asText());
      }
      JsonNode types = rules.path("types");
      for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> type = it.next();
        if (!type.getKey().matches("[a-z][a-z0-9_.-]*/[A-Za-z][A-Za-z0-9_]*")) {
          throw new ContractException(
              RULES_FILE
                  + ": '"
                  + type.getKey()
                  + "' does not name a type as <aggregate>/<EventType>, e.g."
                  + " customer/CustomerUpdated");
        }
        overrides.put(type.getKey(), Compatibility.of(type.getValue().asText()));
      }
    } catch (IllegalArgumentException e) {
      throw new ContractException(RULES_FILE + ": " + e.getMessage(), e);
    }
    return new SchemaDocuments(origin, schemas, defaultRule, overrides);
  }

  private static JsonNode read(String name, byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ContractException(name + " must hold one JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ContractException(name + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ContractException("Could not read " + name + ": " + e, e);
    }
  }

  private static byte[] resource(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new ContractException("Could not read " + name + " from the class path: " + e, e);
    }
  }
}
