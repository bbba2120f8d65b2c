package dev.outbox.config;

import java.time.Duration;

/**
 * Durations written the way settings read them ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h},
 * {@code 7d}), so that a message about a setting's value shows it as the operator would type it.
 */
public final class Durations {

  private Durations() {}

  /** The shortest of the forms a duration setting reads that says exactly {@code d}. */
  public static String format(Duration d) {
    return Parsers.formatDuration(d);
  }
}
