package dev.outbox.stack;

/** Where the stack's PostgreSQL and Kafka come from, chosen with {@code OUTBOX_STACK}. */
public enum StackMode {
  /** A real PostgreSQL (zonky binaries) and a real Kafka broker started here. The default. */
  EMBEDDED,
  /** Servers that already run, given by the {@code OUTBOX_STACK_*} variables. */
  EXTERNAL,
  /** PostgreSQL and Kafka containers started with Testcontainers; needs a Docker engine. */
  CONTAINERS
}
