package dev.outbox.client.housekeeping;

import java.util.Optional;

/**
 * What one housekeeping run did.
 *
 * @param inboxRows inbox rows deleted
 * @param inboxBatches the transactions that deleted them
 * @param deadLetters resolved dead letters deleted
 * @param deadLetterBatches the transactions that deleted them
 * @param inboxHeldBack why the inbox was not purged (its topics' retention could not be read or
 *     does not fit the window), empty when it was
 */
public record HousekeepingRun(
    long inboxRows,
    int inboxBatches,
    long deadLetters,
    int deadLetterBatches,
    Optional<String> inboxHeldBack) {}
