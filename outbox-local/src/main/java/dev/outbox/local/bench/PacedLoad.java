package dev.outbox.local.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed offered load: write number {@code i} is handed to the writers at {@code start + i /
 * rate}, whether or not the earlier ones are done (an open loop, as independent clients are), so
 * that a slow write delays none of the later ones' start. What is measured downstream starts at
 * each write's commit, not at its due time.
 */
final class PacedLoad {

  /** How long the writers may take to finish what was handed to them after the last was due. */
  static final Duration DRAIN = Duration.ofMinutes(2);

  /**
   * @param offered writes handed out
   * @param committed writes that returned
   * @param failed writes that threw
   * @param firstFailure what the first failed one threw, or null
   */
  record Run(int offered, int committed, int failed, String firstFailure) {}

  private PacedLoad() {}

  /**
   * Hands {@code rate} writes per second to {@code writers} for {@code duration}, then waits for
   * them.
   *
   * @param write runs write number {@code i} (numbered from {@code first})
   */
  static Run run(
      ExecutorService writers,
      int rate,
      Duration duration,
      int first,
      IntConsumer write,
      Progress progress) {
    int total = (int) Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
    long period = 1_000_000_000L / rate;
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger committed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * period;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
        if (Thread.currentThread().isInterrupted()) {
          throw new Pause.BenchInterrupted();
        }
      }
      int number = first + i;
      writers.execute(
          () -> {
            try {
              write.accept(number);
              committed.incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
              firstFailure.compareAndSet(null, e.toString());
            } finally {
              done.countDown();
            }
          });
      progress.live("%,d of %,d writes offered, %,d committed", i + 1, total, committed.get());
    }
    try {
      if (!done.await(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
        throw new BenchException(
            "the writers did not finish "
                + done.getCount()
                + " of "
                + total
                + " writes within "
                + DRAIN.toSeconds()
                + " s after the last was due");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Pause.BenchInterrupted();
    }
    return new Run(total, committed.get(), failed.get(), firstFailure.get());
  }
}
