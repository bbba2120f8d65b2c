package dev.outbox.local;

import java.io.PrintStream;

/** What {@code up} prints for people; library logs go to a file instead. */
final class Console {

  private final PrintStream out;

  Console(PrintStream out) {
    this.out = out;
  }

  synchronized void line(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }
}
