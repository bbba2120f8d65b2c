package dev.outbox.local;

import dev.outbox.config.Backoff;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process that is started again whenever it dies, after a delay that grows with each death
 * in a row ({@link #RESTART_BACKOFF}), unless it exits with a status its spec calls permanent (then
 * it is reported once and left stopped). Its output is appended to its log file, so a restarted
 * child's log keeps what the dead one said last. {@link #check()} is called periodically; time
 * comes from the injected clock.
 */
public final class SupervisedChild {

  /** 1 s after the first death, doubling up to 30 s, spread by 20%. */
  static final Backoff RESTART_BACKOFF =
      Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** A child that ran this long is considered healthy again: the backoff starts over. */
  static final Duration STABLE_AFTER = Duration.ofMinutes(1);

  /** What {@link #check()} noticed or did. */
  enum Kind {
    DIED,
    RESTARTED,
    GAVE_UP
  }

  /** A line for the console, and what it was about. */
  record Event(Kind kind, String message) {}

  private final ChildSpec spec;
  private final Clock clock;
  private final Backoff backoff;
  private Process process;
  private Instant startedAt;
  private Instant restartAt;
  private Instant downSince;
  private int failures;
  private int restarts;
  private boolean gaveUp;

  public SupervisedChild(ChildSpec spec, Clock clock) {
    this(spec, clock, RESTART_BACKOFF);
  }

  SupervisedChild(ChildSpec spec, Clock clock, Backoff backoff) {
    this.spec = spec;
    this.clock = clock;
    this.backoff = backoff;
  }

  public ChildSpec spec() {
    return spec;
  }

  public synchronized void start() {
    try {
      Files.createDirectories(spec.logFile().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(spec.command())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
      builder.environment().putAll(spec.environment());
      process = builder.start();
      startedAt = clock.instant();
      restartAt = null;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  public synchronized Optional<Long> pid() {
    return process == null ? Optional.empty() : Optional.of(process.pid());
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized int restarts() {
    return restarts;
  }

  /** Whether it exited with a permanent status and is left stopped. */
  synchronized boolean gaveUp() {
    return gaveUp;
  }

  /** When its death was noticed; empty while it has been healthy since its last start. */
  synchronized Optional<Instant> downSince() {
    return Optional.ofNullable(downSince);
  }

  /** It was seen healthy: a death before this one is over. */
  synchronized void markHealthy() {
    if (process != null && process.isAlive()) {
      downSince = null;
    }
  }

  /** When the pending restart is due; empty when none is pending. */
  synchronized Optional<Instant> restartDue() {
    return Optional.ofNullable(restartAt);
  }

  /**
   * Notices a death and schedules a restart, or restarts when it is due.
   *
   * @return what happened; empty when nothing did
   */
  synchronized Optional<Event> check() {
    Instant now = clock.instant();
    if (process == null || gaveUp) {
      return Optional.empty();
    }
    if (process.isAlive()) {
      if (failures > 0 && Duration.between(startedAt, now).compareTo(STABLE_AFTER) > 0) {
        failures = 0;
      }
      return Optional.empty();
    }
    if (restartAt == null) {
      downSince = now;
      int exit = process.exitValue();
      String meaning = spec.permanentExits().get(exit);
      if (meaning != null) {
        gaveUp = true;
        return Optional.of(new Event(Kind.GAVE_UP, gaveUpMessage(exit, meaning)));
      }
      failures++;
      Duration delay = backoff.delay(failures);
      restartAt = now.plus(delay);
      return Optional.of(
          new Event(
              Kind.DIED,
              String.format(
                  "%s %s; restarting in %s (log: %s)",
                  spec.name(),
                  ended(process.pid(), exit),
                  Durations.seconds(delay),
                  spec.logFile())));
    }
    if (!now.isBefore(restartAt)) {
      start();
      restarts++;
      return Optional.of(
          new Event(
              Kind.RESTARTED,
              String.format(
                  "%s restarted (restart #%d, pid %d)", spec.name(), restarts, process.pid())));
    }
    return Optional.empty();
  }

  /** How a process ended: the JVM reports a death by signal N as exit status 128 + N. */
  static String ended(long pid, int exit) {
    if (exit > 128 && exit <= 128 + 64) {
      return "died (pid " + pid + ", killed by signal " + (exit - 128) + ")";
    }
    return "exited with code " + exit + " (pid " + pid + ")";
  }

  private String gaveUpMessage(int exit, String meaning) {
    return String.format(
        "%s stopped (exit %d: %s): %s%n  %s is not restarted: a restart cannot fix this. Fix the"
            + " cause, then restart bin/outbox up (Ctrl-C, then bin/outbox up); its log: %s",
        spec.name(),
        exit,
        meaning,
        lastWords().orElse("(its log says nothing)"),
        spec.name(),
        spec.logFile());
  }

  /**
   * What it wrote last when it stopped on purpose (its last lines that start with the spec's
   * prefix, joined), else its log's last line.
   */
  public Optional<String> lastWords() {
    List<String> lines = tail();
    String prefix = spec.lastWordsPrefix();
    if (prefix != null) {
      int last = lines.size() - 1;
      while (last >= 0 && !lines.get(last).startsWith(prefix)) {
        last--;
      }
      if (last >= 0) {
        int first = last;
        while (first > 0 && lines.get(first - 1).startsWith(prefix)) {
          first--;
        }
        return Optional.of(String.join(" / ", lines.subList(first, last + 1)));
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return Optional.of(lines.get(i));
      }
    }
    return Optional.empty();
  }

  private List<String> tail() {
    try (RandomAccessFile log = new RandomAccessFile(spec.logFile().toFile(), "r")) {
      long length = log.length();
      int size = (int) Math.min(length, 64 * 1024);
      byte[] bytes = new byte[size];
      log.seek(length - size);
      log.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Asks the child to stop, then kills it when it has not stopped within the grace. */
  public synchronized void stop(Duration grace) {
    if (process == null) {
      return;
    }
    Process p = process;
    process = null;
    if (p.isAlive()) {
      spec.stopSignal().send(p);
    }
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a stop without waiting; {@link #stop(Duration)} then only waits. */
  public synchronized void signalStop() {
    if (process != null && process.isAlive()) {
      spec.stopSignal().send(process);
    }
  }
}
