package dev.outbox.client.consume;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Says what is wrong with a payload in words an operator can act on: the JSON path of the field and
 * what it should have been, instead of Jackson's message about Java types. The text goes into
 * {@code dead_letter.error}; values are quoted shortened, as they may be personal data.
 */
final class PayloadProblem {

  private static final int MAX_QUOTED = 40;
  private static final Set<Class<?>> WHOLE_NUMBERS =
      Set.of(
          int.class,
          long.class,
          short.class,
          byte.class,
          Integer.class,
          Long.class,
          Short.class,
          Byte.class,
          BigInteger.class);
  private static final Set<Class<?>> NUMBERS =
      Set.of(float.class, double.class, Float.class, Double.class, BigDecimal.class, Number.class);

  private PayloadProblem() {}

  /** Why a payload is not JSON at all: the parser's complaint and where. */
  static String notJson(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "not valid JSON: " + e.getOriginalMessage() + where;
  }

  /** Why a payload that is JSON is not an object (or is empty). */
  static String notAnObject(JsonNode json) {
    return json == null || json.isMissingNode()
        ? "empty"
        : "not a JSON object but " + describe(json);
  }

  /**
   * Why a JSON object does not fit the event's record.
   *
   * @param e what Jackson reported while reading {@code payload}
   * @param payload the payload as read
   */
  static String of(JsonMappingException e, JsonNode payload) {
    String path = path(e);
    JsonNode node = at(payload, e);
    if (e instanceof UnrecognizedPropertyException unknown) {
      return field(path)
          + "not a field of "
          + simpleName(unknown.getReferringClass())
          + " (known: "
          + unknown.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "))
          + ")";
    }
    if (e instanceof ValueInstantiationException rejected) {
      return rejected(path, node, rejected);
    }
    if (e instanceof MismatchedInputException mismatch) {
      if (node.isMissingNode() && !path.isEmpty()) {
        return field(path) + "missing (required)";
      }
      return field(path)
          + "expected "
          + expected(mismatch.getTargetType())
          + ", got "
          + describe(node);
    }
    if (e instanceof InvalidDefinitionException definition) {
      // The consumer's own record cannot be read: a bug on this side, not in the event.
      return "the consumer's record "
          + simpleName(definition.getType() == null ? null : definition.getType().getRawClass())
          + " cannot be read: "
          + e.getOriginalMessage();
    }
    return field(path) + e.getOriginalMessage();
  }

  /** The record's constructor refused the values: name the field when its message does. */
  private static String rejected(String path, JsonNode object, ValueInstantiationException e) {
    Class<?> type = e.getType() == null ? null : e.getType().getRawClass();
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage();
    if (type != null && type.isRecord() && message != null) {
      for (RecordComponent component : type.getRecordComponents()) {
        if (component.getName().equals(message.trim())) {
          String fieldPath = path.isEmpty() ? message.trim() : path + "." + message.trim();
          JsonNode value = object.path(component.getName());
          if (value.isMissingNode()) {
            return field(fieldPath) + "missing (required)";
          }
          if (value.isNull()) {
            return field(fieldPath) + "null (required)";
          }
          return field(fieldPath) + "refused by " + type.getSimpleName();
        }
      }
    }
    return field(path)
        + "refused by "
        + simpleName(type)
        + ": "
        + (message == null ? cause.getClass().getSimpleName() : message);
  }

  private static String field(String path) {
    return path.isEmpty() ? "" : "field " + path + ": ";
  }

  /** {@code customer.tags[1]}: the reference chain as a JSON path, empty for the payload itself. */
  private static String path(JsonMappingException e) {
    var path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** The node the reference chain points at, missing when it is absent. */
  private static JsonNode at(JsonNode payload, JsonMappingException e) {
    JsonNode node = payload;
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (node == null || node.isMissingNode()) {
        return MissingNode.getInstance();
      }
      if (reference.getFieldName() != null) {
        node = node.path(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        node = node.path(reference.getIndex());
      }
    }
    return node == null ? MissingNode.getInstance() : node;
  }

  /** What a Java type reads from, in JSON words. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (WHOLE_NUMBERS.contains(type)) {
      return "a whole number";
    }
    if (NUMBERS.contains(type)) {
      return "a number";
    }
    if (type == char.class || type == Character.class) {
      return "a single character";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
      return "a timestamp such as 2026-11-26T13:05:00Z";
    }
    if (type == LocalDate.class) {
      return "a date such as 2026-11-26";
    }
    if (type == LocalDateTime.class) {
      return "a date and time such as 2026-11-26T13:05:00";
    }
    if (type == LocalTime.class) {
      return "a time such as 13:05:00";
    }
    if (type == Duration.class) {
      return "a duration such as PT5S";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(constant -> ((Enum<?>) constant).name())
              .collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isRecord() || Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || type.isPrimitive()
        ? "a " + type.getSimpleName() + " value"
        : "an object";
  }

  /** A JSON value in words: the string "lots", the number 12, null, an object... */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "the string " + quote(node.textValue());
    }
    if (node.isNumber()) {
      return "the number " + node.numberValue();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String quote(String text) {
    String shown = text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "\u2026";
    return "\"" + shown + "\"";
  }

  private static String simpleName(Class<?> type) {
    return type == null ? "the record" : type.getSimpleName();
  }
}
