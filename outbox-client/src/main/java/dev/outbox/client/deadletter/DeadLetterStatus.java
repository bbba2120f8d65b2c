package dev.outbox.client.deadletter;

/** The {@code dead_letter.status} values. */
public enum DeadLetterStatus {
  /** Failed permanently, with its error; holds back its aggregate's later events. */
  PARKED,
  /** A later event of a parked one's aggregate, held back to keep the aggregate's order. */
  BLOCKED,
  /** Applied again by {@link DeadLetters#replay} or released by {@link DeadLetters#discard}. */
  REPLAYED,
  /** Given up by {@link DeadLetters#discard}; never applied. */
  DISCARDED
}
