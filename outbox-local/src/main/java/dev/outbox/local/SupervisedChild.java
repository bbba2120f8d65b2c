package dev.outbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process that is started again, with a growing delay, whenever it dies. Its output is
 * appended to its log file, so a restarted child's log keeps what the dead one said last.
 */
final class SupervisedChild {

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** A child that ran this long is considered healthy again: the backoff starts over. */
  static final Duration STABLE_AFTER = Duration.ofMinutes(1);

  private final ChildSpec spec;
  private Process process;
  private Instant startedAt;
  private Instant restartAt;
  private Duration backoff = FIRST_BACKOFF;
  private int restarts;

  SupervisedChild(ChildSpec spec) {
    this.spec = spec;
  }

  ChildSpec spec() {
    return spec;
  }

  synchronized void start() {
    try {
      Files.createDirectories(spec.logFile().getParent());
      ProcessBuilder builder =
          new ProcessBuilder(spec.command())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
      builder.environment().putAll(spec.environment());
      process = builder.start();
      startedAt = Instant.now();
      restartAt = null;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  synchronized Optional<Long> pid() {
    return process == null ? Optional.empty() : Optional.of(process.pid());
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized int restarts() {
    return restarts;
  }

  /**
   * Called periodically: notices a death and schedules a restart, or restarts when it is due.
   *
   * @return what happened, for the console; empty when nothing did
   */
  synchronized Optional<String> check(Instant now) {
    if (process == null || process.isAlive()) {
      if (process != null && Duration.between(startedAt, now).compareTo(STABLE_AFTER) > 0) {
        backoff = FIRST_BACKOFF;
      }
      return Optional.empty();
    }
    if (restartAt == null) {
      restartAt = now.plus(backoff);
      String message =
          String.format(
              "%s exited with code %d; restarting in %d s (log: %s)",
              spec.name(), process.exitValue(), backoff.toSeconds(), spec.logFile());
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
      return Optional.of(message);
    }
    if (!now.isBefore(restartAt)) {
      start();
      restarts++;
      return Optional.of(
          String.format(
              "%s restarted (restart #%d, pid %d)", spec.name(), restarts, process.pid()));
    }
    return Optional.empty();
  }

  /** Asks the child to stop (SIGTERM), then kills it when it has not stopped within the grace. */
  synchronized void stop(Duration grace) {
    if (process == null) {
      return;
    }
    Process p = process;
    process = null;
    p.destroy();
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
  synchronized void signalStop() {
    if (process != null) {
      process.destroy();
    }
  }
}
