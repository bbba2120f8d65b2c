package dev.outbox.client.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
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

  /** The traceparent of a span, empty when its context is not valid (no trace). */
  public static Optional<TraceParent> of(SpanContext context) {
    if (!context.isValid()) {
      return Optional.empty();
    }
    return Optional.of(
        new TraceParent(
            "00-"
                + context.getTraceId()
                + "-"
                + context.getSpanId()
                + "-"
                + context.getTraceFlags().asHex()));
  }

  /** The 32 hex digits of the trace id. */
  public String traceId() {
    return value.substring(3, 35);
  }

  /** The 16 hex digits of the parent (the span that caused what carries this value). */
  public String parentId() {
    return value.substring(36, 52);
  }

  /** This value as the context of a span in another process, to start a child span from. */
  public SpanContext toRemoteSpanContext() {
    return SpanContext.createFromRemoteParent(
        traceId(),
        parentId(),
        TraceFlags.fromByte((byte) Integer.parseInt(value.substring(53, 55), 16)),
        TraceState.getDefault());
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
