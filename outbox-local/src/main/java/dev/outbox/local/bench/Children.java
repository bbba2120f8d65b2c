package dev.outbox.local.bench;

import dev.outbox.local.SupervisedChild;
import java.time.Duration;
import java.util.Optional;

/**
 * Waiting on the benchmark's child processes. A child that dies is not started again (a benchmark
 * measures processes that run): it ends the run with what its log said last.
 */
final class Children {

  private Children() {}

  /**
   * Returns once the child reports healthy.
   *
   * @throws BenchException when it died or is not healthy within {@code timeout}
   */
  static void awaitHealthy(SupervisedChild child, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      requireAlive(child);
      Optional<String> problem = child.spec().health().problem();
      if (problem.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            child.spec().name()
                + " is not healthy after "
                + timeout.toSeconds()
                + " s: "
                + problem.get()
                + " (log: "
                + child.spec().logFile()
                + ")");
      }
      Pause.millis(250);
    }
  }

  /**
   * @throws BenchException when the child is not running
   */
  static void requireAlive(SupervisedChild child) {
    if (!child.isAlive()) {
      throw new BenchException(
          child.spec().name()
              + " stopped: "
              + child.lastWords().orElse("(its log says nothing)")
              + " (log: "
              + child.spec().logFile()
              + ")");
    }
  }

  /** Its process id, while it runs. */
  static long pid(SupervisedChild child) {
    return child.pid().orElseThrow(() -> new BenchException(child.spec().name() + " never ran"));
  }
}
