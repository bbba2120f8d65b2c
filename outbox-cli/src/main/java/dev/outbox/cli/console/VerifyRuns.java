package dev.outbox.cli.console;

import dev.outbox.cli.verify.VerifyCommand;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The console's verify runs: one at a time, in the background, through {@code bin/outbox verify}'s
 * own comparison ({@link VerifyCommand#verifyAll}); the last one is kept.
 */
final class VerifyRuns implements AutoCloseable {

  /** A run: {@code running} until {@code finishedAt} and {@code replicas} are set. */
  record Run(String state, Instant startedAt, Instant finishedAt, List<Replica> replicas) {}

  record Replica(String replica, String verdict, String summary) {}

  private final Supplier<List<VerifyCommand.Outcome>> verify;
  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "console-verify");
            t.setDaemon(true);
            return t;
          });
  private Run last;

  VerifyRuns(Supplier<List<VerifyCommand.Outcome>> verify, Clock clock) {
    this.verify = verify;
    this.clock = clock;
  }

  /** Starts a run; false when one is running already. */
  synchronized boolean start() {
    if (last != null && last.state().equals("running")) {
      return false;
    }
    Instant started = clock.instant();
    last = new Run("running", started, null, null);
    worker.execute(
        () -> {
          List<Replica> replicas;
          try {
            replicas =
                verify.get().stream()
                    .map(o -> new Replica(o.replica(), o.verdict(), o.summary()))
                    .toList();
          } catch (RuntimeException e) {
            replicas =
                List.of(new Replica("every replica", "ERROR", String.valueOf(e.getMessage())));
          }
          finish(started, replicas);
        });
    return true;
  }

  private synchronized void finish(Instant started, List<Replica> replicas) {
    last = new Run("done", started, clock.instant(), replicas);
  }

  /** The last run, or null before the first. */
  synchronized Run last() {
    return last;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
