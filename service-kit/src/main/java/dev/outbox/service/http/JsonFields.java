package dev.outbox.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
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
 * that names the field (nested ones by their path, such as {@code lines[0].sku}). A value is only
 * accepted when it is stored and answered exactly as sent: numbers are checked on their text, so
 * that {@code 100.000}, {@code 1e2} or {@code -0} are refused rather than normalised.
 */
public final class JsonFields {

  private final ObjectNode body;
  private final String prefix;

  /** The fields of a request body, as {@link Request#jsonObject()} read it. */
  public JsonFields(ObjectNode body) {
    this(body, "");
  }

  /** Fields of a nested object, named {@code prefix + field} in errors (e.g. "lines[0]."). */
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

  /** Whether the field is present and not null. */
  public boolean has(String field) {
    JsonNode node = body.get(field);
    return node != null && !node.isNull();
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

  /**
   * A required string of at most {@code maxLength} characters (Unicode code points), blank ones
   * allowed or not. It is returned exactly as sent: never trimmed or normalised.
   */
  public String string(String field, int maxLength, boolean blankAllowed) {
    JsonNode node = required(field);
    if (!node.isTextual()) {
      throw new BadRequestException(name(field) + ": must be a string, was " + kind(node));
    }
    String value = node.textValue();
    if (!blankAllowed && value.isBlank()) {
      throw new BadRequestException(name(field) + ": must not be blank");
    }
    if (value.codePointCount(0, value.length()) > maxLength) {
      throw new BadRequestException(name(field) + ": must be at most " + maxLength + " characters");
    }
    return value;
  }

  /**
   * A required amount of money: a JSON number written as plain digits with at most 2 decimals (as
   * {@code numeric(14, 2)} keeps it), not negative, at most {@code max}. Refused rather than
   * normalised: {@code 1.005}, {@code 100.000} (more decimals than the column keeps, even zeros),
   * {@code 1e2} (an exponent), {@code -0}.
   */
  public BigDecimal amount(String field, BigDecimal max) {
    String literal = numberText(field);
    if (JsonNumbers.isNegativeZero(literal)) {
      throw new BadRequestException(name(field) + ": must not be negative zero");
    }
    if (literal.startsWith("-")) {
      throw new BadRequestException(name(field) + ": must not be negative");
    }
    if (JsonNumbers.hasExponent(literal)) {
      throw new BadRequestException(
          name(field) + ": must be written without an exponent, was " + abbreviate(literal));
    }
    if (JsonNumbers.decimals(literal) > 2) {
      throw new BadRequestException(
          name(field) + ": must have at most 2 decimals, was " + abbreviate(literal));
    }
    BigDecimal value = new BigDecimal(literal);
    if (value.compareTo(max) > 0) {
      throw new BadRequestException(name(field) + ": must be at most " + max.toPlainString());
    }
    return value;
  }

  /**
   * A required whole number within bounds, written as digits ({@code 1.0} and {@code 1e2} are not).
   */
  public int integer(String field, int min, int max) {
    String literal = numberText(field);
    BigInteger value = wholeNumber(field, literal);
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new BadRequestException(name(field) + ": must be between " + min + " and " + max);
    }
    return value.intValueExact();
  }

  /** An optional whole number of at least 1, such as the version a client read. */
  public OptionalLong optionalVersion(String field) {
    if (!has(field)) {
      return OptionalLong.empty();
    }
    JsonNode node = body.get(field);
    String requirement = ": must be a whole number of at least 1";
    if (!node.isNumber()) {
      throw new BadRequestException(name(field) + requirement + ", was " + kind(node));
    }
    String literal = literal(node);
    if (!JsonNumbers.isPlainInteger(literal)
        || literal.startsWith("-")
        || new BigInteger(literal).compareTo(BigInteger.ONE) < 0
        || new BigInteger(literal).bitLength() > 63) {
      throw new BadRequestException(name(field) + requirement + ", was " + abbreviate(literal));
    }
    return OptionalLong.of(Long.parseLong(literal));
  }

  /** A required UUID string in its canonical, lowercase form. */
  public UUID uuid(String field) {
    JsonNode node = required(field);
    if (!node.isTextual()) {
      throw new BadRequestException(name(field) + ": must be a string, was " + kind(node));
    }
    return Ids.parse(name(field), node.textValue());
  }

  private BigInteger wholeNumber(String field, String literal) {
    if (JsonNumbers.isNegativeZero(literal)) {
      throw new BadRequestException(name(field) + ": must not be negative zero");
    }
    if (!JsonNumbers.isPlainInteger(literal)) {
      throw new BadRequestException(
          name(field) + ": must be a whole number written as digits, was " + abbreviate(literal));
    }
    return new BigInteger(literal);
  }

  private String numberText(String field) {
    JsonNode node = required(field);
    if (!node.isNumber()) {
      throw new BadRequestException(name(field) + ": must be a number, was " + kind(node));
    }
    return literal(node);
  }

  private static String literal(JsonNode number) {
    // Trees built elsewhere than by JsonBodies carry no text: their own rendering is the best
    // guess.
    return number instanceof NumberLiteral n ? n.literal() : number.asText();
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

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
