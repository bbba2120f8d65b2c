package dev.outbox.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Field-by-field reading of a JSON request object; every failure is a {@link BadRequestException}
 * that names the field (nested ones by their path, such as {@code lines[0].sku}).
 */
public final class JsonFields {

  private final ObjectNode body;
  private final String prefix;

  /** The fields of a request body. */
  public JsonFields(ObjectNode body) {
    this(body, "");
  }

  /** Fields of a nested object, named {@code prefix + field} in errors (e.g. "lines[0].sku"). */
  public JsonFields(ObjectNode body, String prefix) {
    this.body = body;
    this.prefix = prefix;
  }

  /**
   * Refuses fields this request does not know, so that a misspelt field is not silently dropped.
   * {@code ignored} fields (those a response carries) may be sent back and are not read.
   */
  public void rejectUnknown(Set<String> known, Set<String> ignored) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name) && !ignored.contains(name)) {
        throw new BadRequestException(
            prefix + name + ": unknown field; expected " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /** The objects of a required array of {@code min} to {@code max} elements. */
  public List<JsonFields> objects(String field, int min, int max) {
    JsonNode node = required(field);
    if (!node.isArray()) {
      throw new BadRequestException(name(field) + ": must be an array, was " + kind(node));
    }
    if (node.size() < min || node.size() > max) {
      throw new BadRequestException(
          name(field) + ": must have between " + min + " and " + max + " elements");
    }
    List<JsonFields> elements = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      String elementName = name(field) + "[" + i + "]";
      if (!element.isObject()) {
        throw new BadRequestException(elementName + ": must be an object, was " + kind(element));
      }
      elements.add(new JsonFields((ObjectNode) element, elementName + "."));
    }
    return elements;
  }

  /** A required string of at most {@code maxLength} characters, blank ones allowed or not. */
  public String string(String field, int maxLength, boolean blankAllowed) {
    JsonNode node = required(field);
    if (!node.isTextual()) {
      throw new BadRequestException(name(field) + ": must be a string, was " + kind(node));
    }
    String value = node.textValue();
    if (!blankAllowed && value.isBlank()) {
      throw new BadRequestException(name(field) + ": must not be blank");
    }
    if (value.length() > maxLength) {
      throw new BadRequestException(name(field) + ": must be at most " + maxLength + " characters");
    }
    return value;
  }

  /** A required amount of money: a JSON number, not negative, two decimals at most. */
  public BigDecimal amount(String field, BigDecimal max) {
    JsonNode node = required(field);
    if (!node.isNumber()) {
      throw new BadRequestException(name(field) + ": must be a number, was " + kind(node));
    }
    BigDecimal value = node.decimalValue();
    if (value.signum() < 0) {
      throw new BadRequestException(name(field) + ": must not be negative");
    }
    if (value.stripTrailingZeros().scale() > 2) {
      throw new BadRequestException(name(field) + ": must have at most 2 decimals");
    }
    if (value.compareTo(max) > 0) {
      throw new BadRequestException(name(field) + ": must be at most " + max.toPlainString());
    }
    return value;
  }

  /** A required whole number within bounds. */
  public int integer(String field, int min, int max) {
    JsonNode node = required(field);
    if (!node.isIntegralNumber()) {
      throw new BadRequestException(name(field) + ": must be a whole number, was " + kind(node));
    }
    if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
      throw new BadRequestException(name(field) + ": must be between " + min + " and " + max);
    }
    return node.intValue();
  }

  /** An optional positive whole number, such as the version a client read. */
  public OptionalLong optionalVersion(String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return OptionalLong.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
      throw new BadRequestException(name(field) + ": must be a whole number of at least 1");
    }
    return OptionalLong.of(node.longValue());
  }

  /** A required UUID string in its canonical form. */
  public UUID uuid(String field) {
    String text = string(field, 36, false);
    return Ids.parse(name(field), text);
  }

  private JsonNode required(String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw new BadRequestException(name(field) + ": is required");
    }
    return node;
  }

  private String name(String field) {
    return prefix + field;
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
