package dev.outbox.client.trace;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C trace context {@code traceparent} value: {@code <version>-<trace id>-<parent id>-<flags>},
 * lower-case hex, with neither id all zeros and version {@code ff} forbidden.
 */
public record TraceParent(String value) {

  private static final Pattern FORMAT =
      Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");

  /**
   * @throws IllegalArgumentException when the value is not a valid traceparent
   */
  public TraceParent {
    Objects.requireNonNull(value, "value");
    if (!isValid(value)) {
      throw new IllegalArgumentException("Not a W3C traceparent: '" + value + "'");
    }
  }

  /** The traceparent in a header value, empty when it is absent or not valid. */
  public static Optional<TraceParent> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String trimmed = header.trim();
    return isValid(trimmed) ? Optional.of(new TraceParent(trimmed)) : Optional.empty();
  }

  /** The 32 hex digits of the trace id. */
  public String traceId() {
    return value.substring(3, 35);
  }

  private static boolean isValid(String value) {
    return FORMAT.matcher(value).matches()
        && !value.startsWith("ff")
        && !value.substring(3, 35).equals("0".repeat(32))
        && !value.substring(36, 52).equals("0".repeat(16));
  }

  @Override
  public String toString() {
    return value;
  }
}
