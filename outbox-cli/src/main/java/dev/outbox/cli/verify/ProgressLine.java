package dev.outbox.cli.verify;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr (so that stdout keeps only the report, and {@code --json} stays
 * parseable): a line as each phase starts, and while comparing, the ids compared and the rate, at
 * most once per interval.
 */
final class ProgressLine {

  static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintStream err;
  private final LongSupplier nanoTime;
  private String replica = "";
  private long started;
  private long lastShown;

  ProgressLine(PrintStream err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
  }

  /** A new phase of one replica's work, said at once. */
  void say(String replicaName, String message) {
    replica = replicaName;
    err.println("verify: " + replicaName + ": " + message);
    err.flush();
  }

  /** The comparison of {@code replicaName} starts now. */
  void start(String replicaName) {
    replica = replicaName;
    started = nanoTime.getAsLong();
    lastShown = started;
  }

  /** {@code compared} ids so far; shown when an interval has passed since the last line. */
  void compared(long compared) {
    long now = nanoTime.getAsLong();
    if (now - lastShown < INTERVAL_NANOS) {
      return;
    }
    lastShown = now;
    double seconds = (now - started) / 1e9;
    err.printf(
        Locale.ROOT,
        "verify: %s: %,d ids compared (%,.0f ids/s)%n",
        replica,
        compared,
        compared / Math.max(seconds, 1e-9));
    err.flush();
  }
}
