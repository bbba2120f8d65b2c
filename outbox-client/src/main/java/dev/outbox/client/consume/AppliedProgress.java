package dev.outbox.client.consume;

import java.time.Instant;

/**
 * When a consumer last applied an event and how recent the newest one it applied is: the freshness
 * of the service's view. Written by the poll loop's thread, read by health checks.
 */
final class AppliedProgress {

  private Instant lastAppliedAt;
  private Instant newestEventAt;

  /**
   * An event was applied and its transaction committed.
   *
   * @param at when its transaction committed
   * @param eventTime its {@code ce_time}
   */
  synchronized void applied(Instant at, Instant eventTime) {
    lastAppliedAt = at;
    if (newestEventAt == null || eventTime.isAfter(newestEventAt)) {
      newestEventAt = eventTime;
    }
  }

  /** When the last event was applied, null before the first. */
  synchronized Instant lastAppliedAt() {
    return lastAppliedAt;
  }

  /** The {@code ce_time} of the newest event applied, null before the first. */
  synchronized Instant newestEventAt() {
    return newestEventAt;
  }
}
