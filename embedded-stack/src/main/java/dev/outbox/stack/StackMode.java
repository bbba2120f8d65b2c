package dev.outbox.stack;

import java.util.Locale;

/** Where the stack's PostgreSQL and Kafka come from, chosen with {@code OUTBOX_STACK}. */
public enum StackMode {
  /** A real PostgreSQL (zonky binaries) and a real Kafka broker inside this JVM. The default. */
  EMBEDDED,
  /** Servers that already run, given by {@code OUTBOX_DB_*} and {@code OUTBOX_KAFKA_BOOTSTRAP}. */
  EXTERNAL,
  /** PostgreSQL and Kafka containers started with Testcontainers; needs a Docker engine. */
  CONTAINERS;

  public static final String VARIABLE = "OUTBOX_STACK";

  /**
   * Reads the value of {@code OUTBOX_STACK}; blank or absent means {@link #EMBEDDED}.
   *
   * @throws StackException naming the variable and the accepted values
   */
  public static StackMode parse(String value) {
    if (value == null || value.isBlank()) {
      return EMBEDDED;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new StackException(
          VARIABLE + "='" + value + "' is not a stack: use embedded, external or containers");
    }
  }
}
