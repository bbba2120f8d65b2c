package dev.outbox.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parsers behind {@link Setting}'s factories. Each throws {@link IllegalArgumentException}
 * whose message says what the value must be, to follow the variable's name.
 */
final class Parsers {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}");

  private Parsers() {}

  static int integer(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number");
    }
  }

  static boolean flag(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, {@code 0} or ISO-8601. */
  static Duration duration(String text) {
    String value = text.toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT_DURATION.matcher(value);
    if (m.matches()) {
      long amount;
      try {
        amount = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be a duration of a sensible size");
      }
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "must be a duration such as 500ms, 10s, 5m, 2h, 7d or PT10S");
    }
  }

  /** The shortest of the forms {@link #duration} reads that says exactly {@code d}. */
  static String formatDuration(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    long ms = d.toMillis();
    if (!Duration.ofMillis(ms).equals(d)) {
      return d.toString();
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return (ms / sizes[i]) + units[i];
      }
    }
    return ms + "ms";
  }

  static <E extends Enum<E>> E choice(String text, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (choiceName(constant).equals(text.toLowerCase(Locale.ROOT))) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(Parsers::choiceName)
                .collect(Collectors.joining(", ")));
  }

  static String choiceName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String hostPorts(String text) {
    for (String part : text.split(",", -1)) {
      if (!HOST_PORT.matcher(part.trim()).matches()) {
        throw new IllegalArgumentException("must be host:port[,host:port...]");
      }
    }
    return text;
  }
}
