package dev.outbox.local.bench;

/** Sleeping between two looks at something; an interrupt (Ctrl-C) ends the run. */
final class Pause {

  private Pause() {}

  static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchInterrupted();
    }
  }

  /** The run was interrupted (Ctrl-C, SIGTERM): it stops without figures. */
  static final class BenchInterrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchInterrupted() {
      super("interrupted");
    }
  }
}
