package dev.outbox.client.consume;

/** What became of one record. */
enum Outcome {
  /** The handler applied it. */
  APPLIED,
  /** The handler applied it, but versions between the last applied one and it never came. */
  APPLIED_AFTER_GAP,
  /** Its event id was already in the inbox: no effect. */
  DUPLICATE,
  /** Its version was not newer than the last applied one: no effect. */
  STALE,
  /** A snapshot newer than the last applied version (or of an unknown aggregate): applied. */
  SNAPSHOT_APPLIED,
  /** A snapshot not newer than the last applied version: no effect. */
  SNAPSHOT_SKIPPED,
  /** Held back behind a parked event of the same aggregate. */
  BLOCKED,
  /** Failed permanently too often: stored in dead_letter. */
  PARKED;

  /** Whether the handler applied it (live or snapshot). */
  boolean applied() {
    return this == APPLIED || this == APPLIED_AFTER_GAP || this == SNAPSHOT_APPLIED;
  }
}
