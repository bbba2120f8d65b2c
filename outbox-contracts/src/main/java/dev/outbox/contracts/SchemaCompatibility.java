package dev.outbox.contracts;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.contracts.Incompatibility.Direction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether the readers of one schema read every payload that another schema allows, for the
 * platform's tolerant reader: a consumer's JSON mapper ignores the properties it does not know, and
 * an event of a version newer than the consumer knows is validated against the newest schema it
 * knows with the violations of {@code additionalProperties} ignored.
 *
 * <p>So, as in Avro's schema resolution, a reader of schema R reads the payloads of writer schema W
 * when:
 *
 * <ul>
 *   <li>a property only W has is ignored, even when R is closed ({@code additionalProperties:
 *       false});
 *   <li>every property R requires is required by W, and a property only R has is optional in R (and
 *       W is closed, or its {@code additionalProperties} schema is one R's property accepts);
 *   <li>the types W allows are within R's ({@code integer} within {@code number}; a missing {@code
 *       type} allows any), and the values of W's {@code enum} or {@code const} within R's;
 *   <li>R is at least as permissive as W in {@code minimum}, {@code maximum}, {@code
 *       exclusiveMinimum}, {@code exclusiveMaximum}, {@code multipleOf}, {@code minLength}, {@code
 *       maxLength}, {@code minItems}, {@code maxItems}, {@code uniqueItems}, {@code minProperties}
 *       and {@code maxProperties}; R's {@code pattern} is absent or W's own (whether one regular
 *       expression accepts every string of another is not decided here), and so is its {@code
 *       format} (or a wider one: {@code email} within {@code idn-email}, {@code uri} within {@code
 *       iri}, ...);
 *   <li>the properties both have, and the {@code items} of arrays, keep these rules in turn.
 * </ul>
 *
 * <p>References ({@code $ref}) inside each document ({@code #/$defs/...}) are followed, cycles
 * included. The combinators and conditionals ({@code allOf}, {@code anyOf}, {@code oneOf}, {@code
 * not}, {@code if}/{@code then}/{@code else}, {@code patternProperties}, {@code prefixItems}, ...)
 * are not compared: where either schema has one and the two are not the same, that is reported as
 * such (keep it unchanged, or use rule {@link Compatibility#NONE}). Annotations ({@code title},
 * {@code description}, {@code examples}, ...) do not matter.
 *
 * <p>The findings say what changed from the old schema to the new one: a reader of the new schema
 * reads the events of the old one ({@link #backward}), a reader of the old schema those of the new
 * one ({@link #forward}).
 */
public final class SchemaCompatibility {

  /** The keywords that constrain a value but are not compared, only required to be the same. */
  static final List<String> UNCOMPARED =
      List.of(
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "dependentRequired",
          "dependentSchemas",
          "patternProperties",
          "propertyNames",
          "unevaluatedProperties",
          "unevaluatedItems",
          "prefixItems",
          "contains",
          "minContains",
          "maxContains",
          "$dynamicRef",
          "$recursiveRef",
          "additionalItems",
          "dependencies");

  /** The keywords that constrain a value and are compared. */
  private static final Set<String> COMPARED =
      Set.of(
          "type",
          "enum",
          "const",
          "properties",
          "required",
          "additionalProperties",
          "items",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minLength",
          "maxLength",
          "pattern",
          "format",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties");

  /** {@code writer>reader}: a reader's format that accepts every string of the writer's. */
  private static final Set<String> WIDER_FORMATS =
      Set.of(
          "email>idn-email",
          "hostname>idn-hostname",
          "uri>iri",
          "uri>uri-reference",
          "uri>iri-reference",
          "uri-reference>iri-reference",
          "iri>iri-reference");

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ObjectNode ANY = JsonNodeFactory.instance.objectNode();

  private SchemaCompatibility() {}

  /**
   * What keeps {@code newer} from following {@code older} under {@code rule}: the backward
   * findings, then the forward ones; none under {@link Compatibility#NONE}.
   */
  public static List<Incompatibility> check(Compatibility rule, JsonNode older, JsonNode newer) {
    var found = new ArrayList<Incompatibility>();
    if (rule.backward()) {
      found.addAll(backward(older, newer));
    }
    if (rule.forward()) {
      found.addAll(forward(older, newer));
    }
    return List.copyOf(found);
  }

  /** Why a reader of {@code newer} cannot read every event of {@code older}; empty when it can. */
  public static List<Incompatibility> backward(JsonNode older, JsonNode newer) {
    return new Comparison(newer, older, Direction.BACKWARD).run();
  }

  /** Why a reader of {@code older} cannot read every event of {@code newer}; empty when it can. */
  public static List<Incompatibility> forward(JsonNode older, JsonNode newer) {
    return new Comparison(older, newer, Direction.FORWARD).run();
  }

  /**
   * Why a reader of schema {@code reader} cannot read every payload valid under schema {@code
   * writer}; empty when it can. The findings take the writer as the old schema: {@link
   * #backward(JsonNode, JsonNode) backward(writer, reader)}.
   */
  public static List<Incompatibility> canRead(JsonNode reader, JsonNode writer) {
    return backward(writer, reader);
  }

  /** One comparison of a reader's schema with a writer's, collecting what breaks. */
  private static final class Comparison {

    private final JsonNode readerRoot;
    private final JsonNode writerRoot;
    private final Direction direction;
    private final List<Incompatibility> found = new ArrayList<>();
    private final Set<Pair> compared = new HashSet<>();

    Comparison(JsonNode readerRoot, JsonNode writerRoot, Direction direction) {
      this.readerRoot = readerRoot;
      this.writerRoot = writerRoot;
      this.direction = direction;
    }

    List<Incompatibility> run() {
      compare(readerRoot, writerRoot, "$");
      return List.copyOf(found);
    }

    private void compare(JsonNode readerNode, JsonNode writerNode, String path) {
      JsonNode reader = follow(readerNode, true, path);
      JsonNode writer = follow(writerNode, false, path);
      if (reader == null || writer == null || !compared.add(new Pair(reader, writer))) {
        return;
      }
      if (writer.isBoolean() && !writer.booleanValue()) {
        return; // the writer writes nothing here
      }
      if (reader.isBoolean()) {
        if (!reader.booleanValue()) {
          report(
              path,
              "false",
              say(
                  "the new schema accepts no value here (false)",
                  "readers of the old schema accept no value here (false)"));
        }
        return;
      }
      if (writer.isBoolean()) {
        writer = ANY;
      }
      if (!reader.isObject() || !writer.isObject()) {
        return; // not a schema at all: compiling it says so
      }
      if (isReference(reader) || isReference(writer)) {
        // Left by follow: a reference beside keywords of its own.
        if (!same(reader, writer)) {
          report(
              path,
              "$ref",
              "cannot compare $ref beside other keywords; keep it unchanged or use rule NONE");
        }
        return;
      }
      compareUncompared(reader, writer, path);

      Set<String> readerTypes = declaredTypes(reader);
      Set<String> writerTypes = writerTypes(writer);
      if (writerTypes != null && writerTypes.isEmpty()) {
        return; // its enum and type leave no value to write
      }
      compareTypes(readerTypes, writerTypes, path);
      compareValues(reader, writer, readerTypes, path);
      if (canBe(readerTypes, "object") && canBe(writerTypes, "object")) {
        compareObjects(reader, writer, path);
        compareAtLeast(reader, writer, "minProperties", path);
        compareAtMost(reader, writer, "maxProperties", path);
      }
      if (canBe(readerTypes, "array") && canBe(writerTypes, "array")) {
        compareItems(reader, writer, path);
        compareAtLeast(reader, writer, "minItems", path);
        compareAtMost(reader, writer, "maxItems", path);
        if (reader.path("uniqueItems").asBoolean(false)
            && !writer.path("uniqueItems").asBoolean(false)) {
          report(path, "uniqueItems", say("uniqueItems added", "uniqueItems removed"));
        }
      }
      if (canBe(readerTypes, "string") && canBe(writerTypes, "string")) {
        compareAtLeast(reader, writer, "minLength", path);
        compareAtMost(reader, writer, "maxLength", path);
        comparePattern(reader, writer, path);
        compareFormat(reader, writer, path);
      }
      if (canBe(readerTypes, "number") && canBe(writerTypes, "number")) {
        boolean integers = writerTypes != null && writerTypes.equals(Set.of("integer"));
        compareBounds(reader, writer, integers, path);
        compareMultipleOf(reader, writer, integers, path);
      }
    }

    private void compareUncompared(JsonNode reader, JsonNode writer, String path) {
      for (String keyword : UNCOMPARED) {
        JsonNode inReader = reader.get(keyword);
        JsonNode inWriter = writer.get(keyword);
        if (inReader == null && inWriter == null
            || inReader != null && inWriter != null && same(inReader, inWriter)) {
          continue;
        }
        String how =
            inReader == null
                ? "in the " + side(false) + " schema only"
                : inWriter == null ? "in the " + side(true) + " schema only" : "changed";
        report(
            path,
            keyword,
            "cannot compare " + keyword + " (" + how + "); keep it unchanged or use rule NONE");
      }
    }

    private void compareTypes(Set<String> readerTypes, Set<String> writerTypes, String path) {
      if (readerTypes == null) {
        return;
      }
      String lost;
      if (writerTypes == null) {
        lost = "values of other types";
      } else {
        var uncovered = new LinkedHashSet<String>();
        for (String type : writerTypes) {
          if (!covers(readerTypes, type)) {
            uncovered.add(type);
          }
        }
        if (uncovered.isEmpty()) {
          return;
        }
        lost = String.join(" or ", uncovered);
      }
      String writerText = typesText(writerTypes);
      String readerText = typesText(readerTypes);
      report(
          path,
          "type",
          say(
              "type changed from "
                  + writerText
                  + " to "
                  + readerText
                  + ": the new schema no longer accepts "
                  + lost,
              "type changed from "
                  + readerText
                  + " to "
                  + writerText
                  + ": readers of the old schema do not accept "
                  + lost));
    }

    private void compareValues(
        JsonNode reader, JsonNode writer, Set<String> readerTypes, String path) {
      List<JsonNode> readerValues = values(reader);
      if (readerValues == null) {
        return;
      }
      String keyword = reader.has("const") ? "const" : "enum";
      List<JsonNode> writerValues = values(writer);
      if (writerValues == null) {
        String allowed = valuesText(readerValues);
        report(
            path,
            keyword,
            say(
                keyword + " added (" + allowed + "): the old schema allowed other values",
                keyword
                    + " removed: new events may hold any value, readers of the old schema allow"
                    + " only "
                    + allowed));
        return;
      }
      var missing = new ArrayList<JsonNode>();
      for (JsonNode value : writerValues) {
        if (canBe(readerTypes, typeOf(value))
            && readerValues.stream().noneMatch(allowed -> sameValue(allowed, value))) {
          missing.add(value);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      String values = valuesText(missing);
      if (keyword.equals("const")) {
        report(
            path,
            keyword,
            say(
                "const changed: " + values + " no longer allowed",
                "const changed: "
                    + values
                    + " now written, which readers of the old schema refuse"));
      } else {
        report(
            path,
            keyword,
            say(
                "enum narrowed: " + values + " no longer allowed",
                "enum widened: "
                    + values
                    + " added, which readers of the old schema do not allow"));
      }
    }

    private void compareObjects(JsonNode reader, JsonNode writer, String path) {
      JsonNode readerProperties = reader.path("properties");
      JsonNode writerProperties = writer.path("properties");
      Set<String> readerRequired = strings(reader.get("required"));
      Set<String> writerRequired = strings(writer.get("required"));
      for (String name : readerRequired) {
        if (writerRequired.contains(name)) {
          continue;
        }
        report(
            child(path, name),
            "required",
            writerProperties.has(name)
                ? say(
                    "property '" + name + "' made required: the old schema does not guarantee it",
                    "property '" + name + "' made optional: readers of the old schema require it")
                : say(
                    "required property '" + name + "' added: events of the old schema lack it",
                    "required property '"
                        + name
                        + "' removed: readers of the old schema require it"));
      }
      JsonNode writerOthers = writer.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = readerProperties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        String name = property.getKey();
        String at = child(path, name);
        JsonNode written = writerProperties.get(name);
        if (written != null) {
          compare(property.getValue(), written, at);
        } else if (readerRequired.contains(name) && !writerRequired.contains(name)) {
          continue; // reported as required
        } else if (writerOthers != null
            && writerOthers.isBoolean()
            && !writerOthers.booleanValue()) {
          continue; // the writer is closed: it never writes the property
        } else if (writerOthers == null || writerOthers.isBoolean() || isEmpty(writerOthers)) {
          if (!acceptsAnything(property.getValue())) {
            report(
                at,
                "additionalProperties",
                say(
                    "property '"
                        + name
                        + "' added, but the old schema is open (no \"additionalProperties\":"
                        + " false): its events may carry '"
                        + name
                        + "' with any value",
                    "property '"
                        + name
                        + "' removed, and the new schema is open (no \"additionalProperties\":"
                        + " false): its events may carry '"
                        + name
                        + "' with any value, which readers of the old schema check"));
          }
        } else {
          compare(property.getValue(), writerOthers, at);
        }
      }
    }

    private void compareItems(JsonNode reader, JsonNode writer, String path) {
      JsonNode readerItems = reader.get("items");
      if (readerItems == null) {
        return;
      }
      JsonNode writerItems = writer.get("items");
      if (readerItems.isArray() || writerItems != null && writerItems.isArray()) {
        if (writerItems == null || !same(readerItems, writerItems)) {
          report(
              path,
              "items",
              "cannot compare items given as an array (a tuple); keep it unchanged or use rule"
                  + " NONE");
        }
        return;
      }
      compare(readerItems, writerItems == null ? ANY : writerItems, path + "[*]");
    }

    /** A lower limit such as minLength, 0 when absent. */
    private void compareAtLeast(JsonNode reader, JsonNode writer, String keyword, String path) {
      BigDecimal limit = number(reader, keyword);
      if (limit == null || limit.signum() <= 0) {
        return;
      }
      BigDecimal written = number(writer, keyword);
      if (written != null && written.compareTo(limit) >= 0) {
        return;
      }
      reportLimit(path, keyword, limit, written != null && written.signum() > 0 ? written : null);
    }

    /** An upper limit such as maxLength, none when absent. */
    private void compareAtMost(JsonNode reader, JsonNode writer, String keyword, String path) {
      BigDecimal limit = number(reader, keyword);
      if (limit == null) {
        return;
      }
      BigDecimal written = number(writer, keyword);
      if (written != null && written.compareTo(limit) <= 0) {
        return;
      }
      reportLimit(path, keyword, limit, written);
    }

    private void reportLimit(String path, String keyword, BigDecimal limit, BigDecimal written) {
      String readers = plain(limit);
      report(
          path,
          keyword,
          written == null
              ? say(keyword + " " + readers + " added", keyword + " " + readers + " removed")
              : say(
                  keyword + " tightened from " + plain(written) + " to " + readers,
                  keyword + " loosened from " + readers + " to " + plain(written)));
    }

    private void compareBounds(JsonNode reader, JsonNode writer, boolean integers, String path) {
      Bound readerLow = Bound.lower(reader, integers);
      Bound writerLow = Bound.lower(writer, integers);
      if (readerLow != null && !readerLow.holdsLower(writerLow)) {
        reportBound(path, "lower bound", readerLow, writerLow);
      }
      Bound readerHigh = Bound.upper(reader, integers);
      Bound writerHigh = Bound.upper(writer, integers);
      if (readerHigh != null && !readerHigh.holdsUpper(writerHigh)) {
        reportBound(path, "upper bound", readerHigh, writerHigh);
      }
    }

    private void reportBound(String path, String what, Bound reader, Bound writer) {
      String keyword = reader.keyword();
      if (writer == null) {
        report(
            path,
            keyword,
            say(
                keyword + " " + plain(reader.value()) + " added",
                keyword + " " + plain(reader.value()) + " removed"));
      } else if (writer.exclusive() == reader.exclusive()) {
        report(
            path,
            keyword,
            say(
                keyword
                    + " tightened from "
                    + plain(writer.value())
                    + " to "
                    + plain(reader.value()),
                keyword
                    + " loosened from "
                    + plain(reader.value())
                    + " to "
                    + plain(writer.value())));
      } else {
        report(
            path,
            keyword,
            say(
                what + " tightened from " + writer.text() + " to " + reader.text(),
                what + " loosened from " + reader.text() + " to " + writer.text()));
      }
    }

    private void compareMultipleOf(
        JsonNode reader, JsonNode writer, boolean integers, String path) {
      BigDecimal step = number(reader, "multipleOf");
      if (step == null || step.signum() <= 0) {
        return;
      }
      BigDecimal written = number(writer, "multipleOf");
      if (written != null && written.remainder(step).signum() == 0
          || integers && BigDecimal.ONE.remainder(step).signum() == 0) {
        return;
      }
      report(
          path,
          "multipleOf",
          written == null
              ? say(
                  "multipleOf " + plain(step) + " added", "multipleOf " + plain(step) + " removed")
              : say(
                  "multipleOf changed from " + plain(written) + " to " + plain(step),
                  "multipleOf changed from " + plain(step) + " to " + plain(written)));
    }

    private void comparePattern(JsonNode reader, JsonNode writer, String path) {
      String pattern = text(reader, "pattern");
      String written = text(writer, "pattern");
      if (pattern == null || pattern.equals(written)) {
        return;
      }
      if (written == null) {
        report(
            path,
            "pattern",
            say(
                "pattern '" + pattern + "' added: the old schema allowed strings it refuses",
                "pattern '" + pattern + "' removed: readers of the old schema still check it"));
        return;
      }
      String older = say(written, pattern);
      String newer = say(pattern, written);
      report(
          path,
          "pattern",
          "pattern changed from '"
              + older
              + "' to '"
              + newer
              + "': whether one regular expression accepts every string of another is not"
              + " decided here (undecidable in general); keep it unchanged or use rule NONE");
    }

    private void compareFormat(JsonNode reader, JsonNode writer, String path) {
      String format = text(reader, "format");
      String written = text(writer, "format");
      if (format == null
          || format.equals(written)
          || written != null && WIDER_FORMATS.contains(written + ">" + format)) {
        return;
      }
      if (written == null) {
        report(
            path,
            "format",
            say(
                "format '" + format + "' added: the old schema allowed any string",
                "format '" + format + "' removed: readers of the old schema still check it"));
        return;
      }
      report(
          path,
          "format",
          "format changed from '" + say(written, format) + "' to '" + say(format, written) + "'");
    }

    /**
     * The schema a node stands for: the target of its {@code $ref}, followed to the end; the node
     * itself when it has keywords beside its reference; null (reported) when a reference leads
     * nowhere.
     */
    private JsonNode follow(JsonNode node, boolean reader, String path) {
      JsonNode root = reader ? readerRoot : writerRoot;
      Set<JsonNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      JsonNode at = node;
      while (isReference(at) && !hasKeywordsBesideReference(at)) {
        String ref = at.get("$ref").asText();
        if (!seen.add(at)) {
          report(
              path,
              "$ref",
              "$ref '" + ref + "' in the " + side(reader) + " schema leads back to itself");
          return null;
        }
        JsonNode target = resolve(ref, root);
        if (target == null) {
          report(
              path,
              "$ref",
              "cannot resolve $ref '"
                  + ref
                  + "' in the "
                  + side(reader)
                  + " schema: only references inside the document (#/$defs/...) are followed");
          return null;
        }
        at = target;
      }
      return at;
    }

    /** Whether two schemas are the same, a reference and the schema it names being one. */
    private boolean same(JsonNode inReader, JsonNode inWriter) {
      return same(inReader, inWriter, new HashSet<>());
    }

    private boolean same(JsonNode a, JsonNode b, Set<Pair> seen) {
      if (a == null || b == null) {
        return a == b;
      }
      boolean aRef = isReference(a);
      boolean bRef = isReference(b);
      if (aRef || bRef) {
        if (!seen.add(new Pair(a, b))) {
          return true; // a cycle: the same so far
        }
        JsonNode aTarget = aRef ? resolve(a.get("$ref").asText(), readerRoot) : null;
        JsonNode bTarget = bRef ? resolve(b.get("$ref").asText(), writerRoot) : null;
        if (aRef && bRef) {
          boolean targets =
              aTarget != null && bTarget != null
                  ? same(aTarget, bTarget, seen)
                  : a.get("$ref").equals(b.get("$ref"));
          return targets && same(withoutReference(a), withoutReference(b), seen);
        }
        return aRef
            ? aTarget != null && withoutReference(a).isEmpty() && same(aTarget, b, seen)
            : bTarget != null && withoutReference(b).isEmpty() && same(a, bTarget, seen);
      }
      if (a.isNumber() && b.isNumber()) {
        return a.decimalValue().compareTo(b.decimalValue()) == 0;
      }
      if (a.isObject() && b.isObject()) {
        if (a.size() != b.size()) {
          return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (!same(field.getValue(), b.get(field.getKey()), seen)) {
            return false;
          }
        }
        return true;
      }
      if (a.isArray() && b.isArray()) {
        if (a.size() != b.size()) {
          return false;
        }
        for (int i = 0; i < a.size(); i++) {
          if (!same(a.get(i), b.get(i), seen)) {
            return false;
          }
        }
        return true;
      }
      return a.equals(b);
    }

    /** The backward text when a reader of the new schema reads the old one, else the forward. */
    private String say(String backward, String forward) {
      return direction == Direction.BACKWARD ? backward : forward;
    }

    /** Which schema the reader's (or the writer's) is: the new one when backward. */
    private String side(boolean reader) {
      return reader == (direction == Direction.BACKWARD) ? "new" : "old";
    }

    private void report(String path, String keyword, String message) {
      found.add(new Incompatibility(direction, path, keyword, message));
    }
  }

  /** A numeric bound, inclusive or not, as the keyword that set it. */
  private record Bound(BigDecimal value, boolean exclusive, String keyword) {

    static Bound lower(JsonNode schema, boolean integers) {
      Bound bound = pick(schema, "minimum", "exclusiveMinimum", 1);
      if (bound == null || !integers) {
        return bound;
      }
      BigDecimal least =
          bound.exclusive()
              ? bound.value().setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE)
              : bound.value().setScale(0, RoundingMode.CEILING);
      return new Bound(least, false, "minimum");
    }

    static Bound upper(JsonNode schema, boolean integers) {
      Bound bound = pick(schema, "maximum", "exclusiveMaximum", -1);
      if (bound == null || !integers) {
        return bound;
      }
      BigDecimal most =
          bound.exclusive()
              ? bound.value().setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE)
              : bound.value().setScale(0, RoundingMode.FLOOR);
      return new Bound(most, false, "maximum");
    }

    /** The tighter of the inclusive and exclusive keyword; {@code sign} 1 for lower bounds. */
    private static Bound pick(JsonNode schema, String inclusive, String exclusive, int sign) {
      BigDecimal in = number(schema, inclusive);
      BigDecimal ex = number(schema, exclusive);
      if (ex != null && (in == null || ex.compareTo(in) * sign >= 0)) {
        return new Bound(ex, true, exclusive);
      }
      return in == null ? null : new Bound(in, false, inclusive);
    }

    /** Whether this lower bound of a reader lets through every value above {@code writer}. */
    boolean holdsLower(Bound writer) {
      if (writer == null) {
        return false;
      }
      int c = writer.value().compareTo(value);
      return c > 0 || c == 0 && (writer.exclusive() || !exclusive);
    }

    /** Whether this upper bound of a reader lets through every value below {@code writer}. */
    boolean holdsUpper(Bound writer) {
      if (writer == null) {
        return false;
      }
      int c = writer.value().compareTo(value);
      return c < 0 || c == 0 && (writer.exclusive() || !exclusive);
    }

    String text() {
      boolean lower = keyword.toLowerCase().contains("min");
      return (lower ? ">" : "<") + (exclusive ? " " : "= ") + plain(value);
    }
  }

  /** Two schema nodes by identity. */
  private record Pair(JsonNode reader, JsonNode writer) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Pair pair && pair.reader == reader && pair.writer == writer;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(reader) + System.identityHashCode(writer);
    }
  }

  private static boolean isReference(JsonNode node) {
    return node != null && node.isObject() && node.path("$ref").isTextual();
  }

  private static boolean hasKeywordsBesideReference(JsonNode node) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("$ref") && (COMPARED.contains(name) || UNCOMPARED.contains(name))) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode withoutReference(JsonNode node) {
    ObjectNode copy = (ObjectNode) node.deepCopy();
    copy.remove("$ref");
    return copy;
  }

  /** The node a reference inside {@code root} names, or null. */
  private static JsonNode resolve(String ref, JsonNode root) {
    String fragment;
    String id = root.path("$id").asText("");
    if (ref.startsWith("#")) {
      fragment = ref.substring(1);
    } else if (!id.isEmpty() && ref.startsWith(id + "#")) {
      fragment = ref.substring(id.length() + 1);
    } else if (!id.isEmpty() && ref.equals(id)) {
      fragment = "";
    } else {
      return null; // another document
    }
    if (fragment.isEmpty()) {
      return root;
    }
    if (!fragment.startsWith("/")) {
      return null; // an anchor
    }
    try {
      String pointer = URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
      JsonNode target = root.at(JsonPointer.compile(pointer));
      return target.isMissingNode() ? null : target;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether a schema object holds no constraint. */
  private static boolean isEmpty(JsonNode schema) {
    return schema.isObject() && !hasConstraint(schema);
  }

  private static boolean acceptsAnything(JsonNode schema) {
    return schema.isBoolean() ? schema.booleanValue() : isEmpty(schema);
  }

  private static boolean hasConstraint(JsonNode schema) {
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.equals("$ref") || COMPARED.contains(name) || UNCOMPARED.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** The types a schema declares; null when it declares none (any type). */
  private static Set<String> declaredTypes(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return null;
    }
    var types = new LinkedHashSet<String>();
    if (type.isTextual()) {
      types.add(type.asText());
    } else {
      type.forEach(t -> types.add(t.asText()));
    }
    return types;
  }

  /** The types a writer's values can have: declared, and narrowed by its enum or const. */
  private static Set<String> writerTypes(JsonNode writer) {
    Set<String> declared = declaredTypes(writer);
    List<JsonNode> values = values(writer);
    if (values == null) {
      return declared;
    }
    var types = new LinkedHashSet<String>();
    for (JsonNode value : values) {
      String type = typeOf(value);
      if (canBe(declared, type)) {
        types.add(type);
      }
    }
    return types;
  }

  /**
   * Whether a value of {@code type} may pass {@code types} (null: any); {@code number} stands for
   * both numeric types.
   */
  private static boolean canBe(Set<String> types, String type) {
    if (types == null || types.contains(type)) {
      return true;
    }
    return switch (type) {
      case "integer" -> types.contains("number");
      case "number" -> types.contains("integer");
      default -> false;
    };
  }

  /** Whether every value of {@code type} has one of {@code types}: integer is a number. */
  private static boolean covers(Set<String> types, String type) {
    return types.contains(type) || type.equals("integer") && types.contains("number");
  }

  private static String typesText(Set<String> types) {
    return types == null ? "any type" : String.join(" or ", types);
  }

  /** The values of {@code const} or {@code enum}; null when the schema has neither. */
  private static List<JsonNode> values(JsonNode schema) {
    if (schema.has("const")) {
      return List.of(schema.get("const"));
    }
    JsonNode values = schema.get("enum");
    if (values == null || !values.isArray()) {
      return null;
    }
    var list = new ArrayList<JsonNode>();
    values.forEach(list::add);
    return list;
  }

  private static String typeOf(JsonNode value) {
    if (value.isNumber()) {
      BigDecimal number = value.decimalValue();
      return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0
          ? "integer"
          : "number";
    }
    return switch (value.getNodeType()) {
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      default -> "null";
    };
  }

  private static final Comparator<JsonNode> NUMERIC =
      (a, b) -> {
        if (a.equals(b)) {
          return 0;
        }
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
      };

  private static boolean sameValue(JsonNode a, JsonNode b) {
    return a.equals(NUMERIC, b);
  }

  private static String valuesText(List<JsonNode> values) {
    return values.stream()
        .map(v -> v.isTextual() ? "'" + v.asText() + "'" : v.toString())
        .collect(Collectors.joining(", "));
  }

  private static Set<String> strings(JsonNode array) {
    var strings = new LinkedHashSet<String>();
    if (array != null && array.isArray()) {
      array.forEach(s -> strings.add(s.asText()));
    }
    return strings;
  }

  private static BigDecimal number(JsonNode schema, String keyword) {
    JsonNode value = schema.get(keyword);
    return value != null && value.isNumber() ? value.decimalValue() : null;
  }

  private static String text(JsonNode schema, String keyword) {
    JsonNode value = schema.get(keyword);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String plain(BigDecimal number) {
    return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
  }

  /** The path of a property below {@code path}: {@code $.a.b}, or {@code $['a b']}. */
  private static String child(String path, String name) {
    return PLAIN_NAME.matcher(name).matches()
        ? path + "." + name
        : path + "['" + name.replace("'", "\\'") + "']";
  }
}
