package dev.outbox.stack;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waiting on work that takes as long as the machine makes it take (a writer's thousand commits, a
 * relay draining a backlog, a replica converging): it fails only when the work stops moving, never
 * because a fixed budget sized for an idle machine ran out. A busy machine makes the wait longer,
 * not the test red.
 *
 * <pre>{@code
 * Progress.await("the background writer", load::committedCount, load::finished, Duration.ofMinutes(1));
 * }</pre>
 */
public final class Progress {

  private static final long POLL_MILLIS = 50;

  private Progress() {}

  /**
   * Returns once {@code done} holds.
   *
   * @param what names the work in the failure
   * @param progress a count that grows while the work goes on (records read, rows committed)
   * @param done whether the work is complete
   * @param stall how long the count may stay unchanged before the work counts as stuck
   * @throws AssertionError when {@code progress} did not move for {@code stall} and the work is not
   *     done, saying where it stopped
   */
  public static void await(
      String what, LongSupplier progress, BooleanSupplier done, Duration stall) {
    Objects.requireNonNull(stall, "stall");
    long last = progress.getAsLong();
    long lastMoved = System.nanoTime();
    while (!done.getAsBoolean()) {
      long now = progress.getAsLong();
      if (now != last) {
        last = now;
        lastMoved = System.nanoTime();
      } else if (System.nanoTime() - lastMoved > stall.toNanos()) {
        throw new AssertionError(
            what + " made no progress for " + stall.toSeconds() + " s, stuck at " + last);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Returns once {@code progress} reaches {@code target}; fails as {@link #await} does. */
  public static void awaitAtLeast(String what, LongSupplier progress, long target, Duration stall) {
    await(what, progress, () -> progress.getAsLong() >= target, stall);
  }
}
