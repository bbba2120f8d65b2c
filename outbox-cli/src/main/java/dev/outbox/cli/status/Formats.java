package dev.outbox.cli.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Short human forms of sizes, durations and ages for the status screen. */
public final class Formats {

  private Formats() {}

  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 120_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (ms < 7_200_000) {
      return (ms / 60_000) + " min";
    }
    return (ms / 3_600_000) + " h";
  }

  public static String age(Instant then, Instant now) {
    return then == null ? "never" : duration(Duration.between(then, now)) + " ago";
  }
}
