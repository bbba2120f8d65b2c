package dev.outbox.cli.backfill;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a backfill's progress while it runs: emitted of expected, the rate of this run and the time
 * left at that rate. On a terminal it redraws one bar in place after every step; elsewhere (a log,
 * a pipe) it prints a plain line at most every {@link #LINE_INTERVAL}, so that a log stays short.
 */
public final class Progress {

  /** How often a plain line is printed, at most. */
  static final Duration LINE_INTERVAL = Duration.ofSeconds(2);

  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final String label;
  private final long startEmitted;
  private final long startNanos;
  private long lastLineNanos;
  private boolean barShown;

  /**
   * @param terminal whether {@code out} is a terminal (the bar) or not (plain lines)
   * @param label what the plain lines start with, e.g. {@code backfill <id>}
   * @param startEmitted what was emitted before this run (a resumed backfill)
   */
  public Progress(
      PrintStream out, boolean terminal, LongSupplier nanoTime, String label, long startEmitted) {
    this.out = out;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
    this.label = label;
    this.startEmitted = startEmitted;
    this.startNanos = nanoTime.getAsLong();
    this.lastLineNanos = startNanos;
  }

  /** After a step: the stored count and the expected total. */
  public void update(long emitted, long expected) {
    long now = nanoTime.getAsLong();
    if (terminal) {
      out.print("\r" + bar(emitted, expected, now));
      out.flush();
      barShown = true;
    } else if (now - lastLineNanos >= LINE_INTERVAL.toNanos()) {
      out.println(label + ": " + counts(emitted, expected, now));
      lastLineNanos = now;
    }
  }

  /** Ends the bar's line, so that what follows starts on a line of its own. */
  public void end() {
    if (barShown) {
      out.println();
      barShown = false;
    }
  }

  /** Snapshots emitted by this run so far. */
  public long emittedThisRun(long emitted) {
    return emitted - startEmitted;
  }

  /** Time since this run started. */
  public Duration elapsed() {
    return Duration.ofNanos(nanoTime.getAsLong() - startNanos);
  }

  /** Snapshots per second in this run, 0 before any time passed. */
  public static long rate(long emittedThisRun, Duration elapsed) {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : Math.round(emittedThisRun / seconds);
  }

  String bar(long emitted, long expected, long now) {
    double fraction = expected <= 0 ? 1 : Math.min(1.0, (double) emitted / expected);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    return "["
        + "#".repeat(filled)
        + "-".repeat(BAR_WIDTH - filled)
        + "] "
        + counts(emitted, expected, now);
  }

  String counts(long emitted, long expected, long now) {
    Duration elapsed = Duration.ofNanos(now - startNanos);
    long rate = rate(emitted - startEmitted, elapsed);
    double percent = expected <= 0 ? 100 : Math.min(100.0, 100.0 * emitted / expected);
    String eta =
        rate <= 0 ? "?" : eta(Duration.ofMillis(Math.max(0, expected - emitted) * 1000 / rate));
    return String.format(
        Locale.ROOT, "%d/%d (%.1f%%), %d/s, ETA %s", emitted, expected, percent, rate, eta);
  }

  private static String eta(Duration left) {
    return left.toSeconds() < 1 ? "< 1 s" : duration(left);
  }

  /**
   * A duration as an operator reads it: {@code 42 ms}, {@code 6.1 s}, {@code 2 min 5 s}, {@code 1 h
   * 3 min}.
   */
  public static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 1) {
      return d.toMillis() + " ms";
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    if (seconds < 3600) {
      return (seconds / 60) + " min " + (seconds % 60) + " s";
    }
    return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
  }
}
