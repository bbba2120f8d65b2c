package dev.outbox.local.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How one benchmark runs.
 *
 * @param home the repository root, where the built jars are
 * @param logs where every process's log goes
 * @param events the backlog of the drains and of the batched apply
 * @param singleEvents the events the one-event-per-transaction apply applies
 * @param rate the offered load of the first end-to-end run, tx/s
 * @param highRate that of the second
 * @param warmUp the load before each measured one
 * @param measured each measured load
 * @param idle how long the idle relay and consumer are measured
 * @param pollingBatch rows per transaction of the polling baseline
 * @param writers connections and threads of the end-to-end load (customer-app's pool size)
 * @param scaleInstances the order-app process counts the scaling phase applies the backlog with
 * @param scaleEvents the events each of its passes applies
 * @param skipped the phases left out
 */
record BenchOptions(
    Path home,
    Path logs,
    int events,
    int singleEvents,
    int rate,
    int highRate,
    Duration warmUp,
    Duration measured,
    Duration idle,
    int pollingBatch,
    int writers,
    List<Integer> scaleInstances,
    int scaleEvents,
    Set<Phase> skipped) {

  /** The most order-app processes of one scaling pass: each is a JVM of up to 256 MiB heap. */
  static final int MAX_INSTANCES = 8;

  /** The phases that {@code --skip} names. */
  enum Phase {
    RELAY,
    POLLING,
    APPLY,
    SINGLE,
    SCALE,
    E2E;

    String option() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Phase of(String option) {
      for (Phase phase : values()) {
        if (phase.option().equals(option.trim().toLowerCase(Locale.ROOT))) {
          return phase;
        }
      }
      throw new IllegalArgumentException(
          "--skip: no phase '" + option + "' (relay, polling, apply, single, scale, e2e)");
    }
  }

  BenchOptions {
    skipped = Set.copyOf(skipped);
    scaleInstances = List.copyOf(scaleInstances);
    positive("--events", events);
    positive("--single-events", singleEvents);
    positive("--rate", rate);
    positive("--high-rate", highRate);
    positive("--polling-batch", pollingBatch);
    positive("--writers", writers);
    positive("--scale-events", scaleEvents);
    if (singleEvents > events) {
      throw new IllegalArgumentException(
          "--single-events (" + singleEvents + ") cannot exceed --events (" + events + ")");
    }
    if (scaleEvents > events) {
      throw new IllegalArgumentException(
          "--scale-events (" + scaleEvents + ") cannot exceed --events (" + events + ")");
    }
    if (scaleInstances.isEmpty() || !scaleInstances.contains(1)) {
      throw new IllegalArgumentException(
          "--scale-instances must include 1: every count is measured against one instance (e.g."
              + " 1,2,3)");
    }
    for (int n : scaleInstances) {
      if (n < 1 || n > MAX_INSTANCES) {
        throw new IllegalArgumentException(
            "--scale-instances: each count must be 1 to " + MAX_INSTANCES + ", was " + n);
      }
    }
    if (scaleInstances.stream().distinct().count() < scaleInstances.size()) {
      throw new IllegalArgumentException(
          "--scale-instances: each count once, was " + scaleInstances);
    }
    if (measured.isZero() || measured.isNegative()) {
      throw new IllegalArgumentException("--e2e-seconds must be at least 1");
    }
    if (warmUp.isNegative() || idle.isNegative()) {
      throw new IllegalArgumentException("--warmup-seconds and --idle-seconds cannot be negative");
    }
    boolean consumes =
        !skipped.contains(Phase.APPLY)
            || !skipped.contains(Phase.SINGLE)
            || !skipped.contains(Phase.SCALE);
    if (consumes && skipped.contains(Phase.RELAY) && skipped.contains(Phase.POLLING)) {
      throw new IllegalArgumentException(
          "--skip: the consumer phases apply the backlog a drain put on Kafka; keep relay or"
              + " polling");
    }
  }

  boolean runs(Phase phase) {
    return !skipped.contains(phase);
  }

  /** Whether a backlog is written: every phase but the end-to-end one needs it. */
  boolean needsBacklog() {
    return runs(Phase.RELAY)
        || runs(Phase.POLLING)
        || runs(Phase.APPLY)
        || runs(Phase.SINGLE)
        || runs(Phase.SCALE);
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, was " + value);
    }
  }
}
