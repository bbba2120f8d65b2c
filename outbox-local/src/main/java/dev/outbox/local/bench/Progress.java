package dev.outbox.local.bench;

import java.io.PrintStream;

/**
 * What the benchmark prints as it goes: each phase's title, what it does, a live count, then its
 * result. On a terminal the live count is rewritten in place; otherwise (a pipe, a file) it is a
 * line every {@link #LINE_EVERY_NANOS} at most, so that a log stays short.
 */
final class Progress {

  private static final long LINE_EVERY_NANOS = 5_000_000_000L;
  private static final long REWRITE_EVERY_NANOS = 250_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final int phases;
  private int phase;
  private long lastLive;
  private int liveWidth;

  Progress(PrintStream out, boolean terminal, int phases) {
    this.out = out;
    this.terminal = terminal;
    this.phases = phases;
  }

  /** A line of its own, before the phases. */
  synchronized void line(String format, Object... args) {
    endLive();
    out.println(String.format(java.util.Locale.ROOT, format, args));
    out.flush();
  }

  /** The next phase: {@code [3/6] relay drain: what it does}. */
  synchronized void phase(String title, String what) {
    endLive();
    phase++;
    out.printf("[%d/%d] %s: %s%n", phase, phases, title, what);
    out.flush();
  }

  /** A step of the current phase, on its own line. */
  synchronized void step(String format, Object... args) {
    endLive();
    out.println("      " + String.format(java.util.Locale.ROOT, format, args));
    out.flush();
  }

  /** The live count of the current step; shown at most every quarter second (or 5 s). */
  synchronized void live(String format, Object... args) {
    long now = System.nanoTime();
    long every = terminal ? REWRITE_EVERY_NANOS : LINE_EVERY_NANOS;
    if (lastLive != 0 && now - lastLive < every) {
      return;
    }
    lastLive = now;
    String text = "      " + String.format(java.util.Locale.ROOT, format, args);
    if (terminal) {
      out.print("\r" + text + " ".repeat(Math.max(0, liveWidth - text.length())));
      liveWidth = text.length();
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** The result of a step: {@code -> 13,900 events/s ...}. */
  synchronized void result(String format, Object... args) {
    endLive();
    out.println("      -> " + String.format(java.util.Locale.ROOT, format, args));
    out.flush();
  }

  private void endLive() {
    if (terminal && liveWidth > 0) {
      out.println();
    }
    liveWidth = 0;
    lastLive = 0;
  }
}
