package dev.outbox.customer.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a fixed number of workers, each with its own session (a kept-alive HTTP connection or a
 * JDBC connection) opened before the clock starts: as fast as they can (closed loop), or at a fixed
 * offered rate where each request's latency counts from when it was due, so that a stall delays the
 * requests behind it in the figures too.
 */
final class Load {

  /** One worker's connection: {@link #call} sends request {@code n}, true when answered as due. */
  interface Session extends AutoCloseable {
    boolean call(long n) throws Exception;
  }

  /** Opens a worker's session. */
  interface Sessions {
    Session open() throws Exception;
  }

  /**
   * What a phase did.
   *
   * @param cpuSeconds CPU time of the workers' own threads (the load generator's cost)
   */
  record Result(long ok, long failed, double seconds, Latencies latencies, double cpuSeconds) {

    double perSecond() {
      return ok / seconds;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Load() {}

  /** {@code workers} sessions sending one request after another for {@code duration}. */
  static Result closedLoop(Sessions sessions, int workers, Duration duration) throws Exception {
    return run(sessions, workers, duration, 0);
  }

  /** {@code rate} requests a second spread over {@code workers} sessions for {@code duration}. */
  static Result fixedRate(Sessions sessions, int workers, int rate, Duration duration)
      throws Exception {
    return run(sessions, workers, duration, rate);
  }

  private static Result run(Sessions sessions, int workers, Duration duration, int rate)
      throws Exception {
    List<Session> open = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        open.add(sessions.open());
      }
      return drive(open, duration, rate);
    } finally {
      for (Session session : open) {
        session.close();
      }
    }
  }

  private static Result drive(List<Session> sessions, Duration duration, int rate)
      throws InterruptedException {
    long durationNanos = duration.toNanos();
    long total = rate > 0 ? rate * duration.toSeconds() : Long.MAX_VALUE;
    double periodNanos = rate > 0 ? 1e9 / rate : 0;
    AtomicLong next = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong cpuNanos = new AtomicLong();
    AtomicLong lastEnd = new AtomicLong();
    AtomicReference<Exception> broken = new AtomicReference<>();
    List<Latencies> latencies = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(sessions.size());
    CountDownLatch go = new CountDownLatch(1);
    long[] start = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (Session session : sessions) {
      Latencies mine = new Latencies();
      latencies.add(mine);
      Thread worker =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  long cpu = THREADS.getCurrentThreadCpuTime();
                  long begin = start[0];
                  while (broken.get() == null) {
                    long n = next.getAndIncrement();
                    long due;
                    if (rate > 0) {
                      if (n >= total) {
                        break;
                      }
                      due = begin + (long) (n * periodNanos);
                      for (long wait = due - System.nanoTime();
                          wait > 0;
                          wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                      }
                    } else {
                      due = System.nanoTime();
                      if (due - begin >= durationNanos) {
                        break;
                      }
                    }
                    boolean answered = session.call(n);
                    long end = System.nanoTime();
                    mine.add(end - due);
                    (answered ? ok : failed).incrementAndGet();
                    lastEnd.accumulateAndGet(end, Math::max);
                  }
                  cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
                } catch (Exception e) {
                  broken.compareAndSet(null, e);
                }
              },
              "load-worker");
      threads.add(worker);
      worker.start();
    }
    ready.await();
    start[0] = System.nanoTime();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    if (broken.get() != null) {
      throw new IllegalStateException("a load worker failed", broken.get());
    }
    return new Result(
        ok.get(),
        failed.get(),
        (lastEnd.get() - start[0]) / 1e9,
        Latencies.merge(latencies),
        cpuNanos.get() / 1e9);
  }
}
