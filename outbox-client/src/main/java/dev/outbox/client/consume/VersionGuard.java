package dev.outbox.client.consume;

import java.util.OptionalLong;

/**
 * The version guard's decision for an event that is new to the inbox, from the last version the
 * consumer applied of its aggregate. Pure.
 *
 * <ul>
 *   <li>A live event not newer than the last applied version is {@link Outcome#STALE}; the next
 *       version is {@link Outcome#APPLIED}; a later one {@link Outcome#APPLIED_AFTER_GAP} (applied,
 *       and the gap counted). The first event of an unknown aggregate is expected to be version 1.
 *   <li>A snapshot carries the aggregate's whole state at its version: newer than the last applied
 *       version, or of an unknown aggregate, it is {@link Outcome#SNAPSHOT_APPLIED} with no gap
 *       counted (the versions in between are in it); otherwise {@link Outcome#SNAPSHOT_SKIPPED}. So
 *       a snapshot v5 never overwrites a live v6, whichever arrives first, and a second backfill of
 *       the same state has no second effect.
 * </ul>
 */
final class VersionGuard {

  private VersionGuard() {}

  /**
   * @param last the last version applied of the aggregate, empty when none was
   * @param version the event's {@code ce_aggregateversion}
   * @param snapshot whether the event is a snapshot ({@code ce_snapshot: true})
   * @return APPLIED, APPLIED_AFTER_GAP, STALE, SNAPSHOT_APPLIED or SNAPSHOT_SKIPPED
   */
  static Outcome decide(OptionalLong last, long version, boolean snapshot) {
    boolean newer = last.isEmpty() || version > last.getAsLong();
    if (snapshot) {
      return newer ? Outcome.SNAPSHOT_APPLIED : Outcome.SNAPSHOT_SKIPPED;
    }
    if (!newer) {
      return Outcome.STALE;
    }
    return version > expected(last) ? Outcome.APPLIED_AFTER_GAP : Outcome.APPLIED;
  }

  /** The version a live event of the aggregate should have next. */
  static long expected(OptionalLong last) {
    return last.isPresent() ? last.getAsLong() + 1 : 1;
  }
}
