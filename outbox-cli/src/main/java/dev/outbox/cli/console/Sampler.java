package dev.outbox.cli.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every source once per interval (2 s) and keeps the samples of the last 10 minutes in
 * memory, oldest first: the charts' points and the rates come from them. One thread reads; any
 * number read {@link #samples()}.
 */
public final class Sampler implements AutoCloseable {

  public static final Duration INTERVAL = Duration.ofSeconds(2);
  public static final Duration KEPT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

  private final Sources sources;
  private final Clock clock;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final ScheduledExecutorService timer;

  public Sampler(Sources sources, Clock clock) {
    this.sources = sources;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "console-sampler");
              t.setDaemon(true);
              return t;
            });
  }

  /** Takes the first sample now, then one per interval. */
  public void start() {
    timer.scheduleWithFixedDelay(
        this::sampleQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads one round now and keeps it (what the timer does; tests call it directly). */
  public Sample sample() {
    Sample sample = sources.read(clock.instant());
    add(sample);
    return sample;
  }

  /** Keeps {@code sample}, dropping what is older than 10 minutes before it. */
  public synchronized void add(Sample sample) {
    samples.addLast(sample);
    Instant oldest = sample.at().minus(KEPT);
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
      samples.removeFirst();
    }
  }

  /** The samples kept, oldest first. */
  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // A source's failure is in the sample; this is a fault of the console itself.
      LOG.warn("console - a sampling round failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
