package dev.outbox.relay.stream;

/** What one Debezium record means to the relay. */
sealed interface Change {

  /** An outbox insert: published. */
  record Insert(OutboxEvent event) implements Change {}

  /**
   * Anything else (an update or delete of an outbox row, a heartbeat, a change of another table):
   * counted under {@code kind}, acknowledged, never published.
   */
  record Ignored(String kind) implements Change {}
}
