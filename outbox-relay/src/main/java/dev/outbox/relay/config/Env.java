package dev.outbox.relay.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed settings from environment variables. Every failure is a {@link RelayConfigException}
 * whose message starts with the variable's name, so an operator knows what to fix.
 */
final class Env {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final Map<String, String> variables;

  Env(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  String required(String name) {
    String value = variables.get(name);
    if (value == null || value.isBlank()) {
      throw new RelayConfigException(name + " is required but not set");
    }
    return value.trim();
  }

  String optional(String name, String defaultValue) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  /** A secret: taken as it is, blanks included, and never echoed in a message. */
  String secret(String name) {
    String value = variables.get(name);
    if (value == null) {
      throw new RelayConfigException(name + " is required but not set");
    }
    return value;
  }

  int integer(String name, int defaultValue) {
    String value = optional(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new RelayConfigException(name + " must be a whole number, was '" + value + "'", e);
    }
  }

  Duration duration(String name, Duration defaultValue) {
    String value = optional(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new RelayConfigException(
          name + " must be a duration such as 500ms, 10s, 5m, 2h, 7d or PT10S, was '" + value + "'",
          e);
    }
  }

  /** The variables that start with {@code prefix}, keyed by the rest of their name. */
  Map<String, String> withPrefix(String prefix) {
    var found = new TreeMap<String, String>();
    variables.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && name.length() > prefix.length()) {
            found.put(name.substring(prefix.length()), value);
          }
        });
    return found;
  }

  static Duration parseDuration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT_DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: " + text, e);
    }
  }
}
