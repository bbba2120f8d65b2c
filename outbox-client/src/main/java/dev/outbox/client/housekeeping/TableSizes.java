package dev.outbox.client.housekeeping;

/**
 * One consumer's row of the {@code consumer_tables} view: how many rows its tables hold and how old
 * the oldest are (in seconds, 0 for an empty table).
 */
record TableSizes(
    long inboxRows,
    double inboxOldestAgeSeconds,
    long aggregates,
    long openDeadLetters,
    double openOldestAgeSeconds,
    long resolvedDeadLetters,
    double resolvedOldestAgeSeconds) {

  static final TableSizes EMPTY = new TableSizes(0, 0, 0, 0, 0, 0, 0);
}
