package dev.outbox.service.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Remembers when a part was first seen down, until it is seen up again: the {@code since} of a
 * health check. Thread-safe.
 */
public final class DownSince {

  private final Clock clock;
  private Instant since;

  public DownSince(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records that the part is down now; returns since when it is. */
  public synchronized Instant down() {
    if (since == null) {
      since = clock.instant();
    }
    return since;
  }

  /** Records that the part is up. */
  public synchronized void up() {
    since = null;
  }
}
