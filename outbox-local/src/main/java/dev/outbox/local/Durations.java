package dev.outbox.local;

import java.time.Duration;
import java.util.Locale;

/** Durations as the console prints them: {@code 1.2 s}, {@code 14 s}. */
final class Durations {

  private Durations() {}

  static String seconds(Duration d) {
    double seconds = d.toMillis() / 1000.0;
    return seconds < 10
        ? String.format(Locale.ROOT, "%.1f s", seconds)
        : String.format(Locale.ROOT, "%d s", Math.round(seconds));
  }
}
