package dev.outbox.local.bench;

import dev.outbox.local.SupervisedChild;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches one process drain a backlog into a topic and measures it: records per second from the
 * first record to the last (by the broker's append times, read back afterwards), the same from the
 * process's start, and the CPU it, PostgreSQL and the broker spent from the moment the first record
 * was seen to the moment the last was (sampled every {@link #SAMPLE_EVERY_MILLIS} ms: the window is
 * late by up to that much at both ends).
 */
final class DrainWatch {

  static final long SAMPLE_EVERY_MILLIS = 50;

  /** A drain that has not moved for this long has failed. */
  static final Duration STALL = Duration.ofSeconds(120);

  /**
   * What a drain measured.
   *
   * @param events the records the topic received
   * @param eps records per second, first to last record
   * @param epsFromStart records per second from the process's start to the last record
   * @param cpuSeconds the process's CPU from the first record to the last
   * @param cpuSecondsFromStart its CPU from its start to the last record
   * @param postgresCpuSeconds PostgreSQL's CPU (every process of the server) in the same window
   * @param kafkaCpuSeconds the broker's CPU in the same window
   * @param peakRssMib the process's peak resident memory
   * @param peakHeapMib its peak heap (from its GC log)
   */
  record Result(
      long events,
      double eps,
      double epsFromStart,
      double cpuSeconds,
      double cpuSecondsFromStart,
      double postgresCpuSeconds,
      double kafkaCpuSeconds,
      OptionalLong peakRssMib,
      OptionalLong peakHeapMib) {

    /** {@code seconds} scaled to 100,000 events. */
    double per100k(double seconds) {
      return seconds * 100_000.0 / events;
    }
  }

  private final Kafka kafka;
  private final BenchStack stack;
  private final Progress progress;

  DrainWatch(Kafka kafka, BenchStack stack, Progress progress) {
    this.kafka = kafka;
    this.stack = stack;
    this.progress = progress;
  }

  /**
   * Waits until {@code topic} holds {@code expected} more records than at {@code from}, then
   * measures.
   *
   * @param startedAtMillis when the process was started (epoch ms)
   * @throws BenchException when the process dies or nothing moves for {@link #STALL}
   */
  Result watch(
      SupervisedChild child,
      long startedAtMillis,
      String topic,
      Map<TopicPartition, Long> from,
      long expected,
      Path gcLog) {
    long pid = Children.pid(child);
    double cpuAtFirst = 0;
    double postgresAtFirst = 0;
    double kafkaAtFirst = 0;
    boolean seen = false;
    long count = 0;
    long lastMove = System.nanoTime();
    long seenAt = 0;
    while (count < expected) {
      Children.requireAlive(child);
      long now = kafka.countSince(topic, from);
      if (now > count) {
        lastMove = System.nanoTime();
      }
      count = now;
      if (count > 0 && !seen) {
        seen = true;
        seenAt = System.nanoTime();
        cpuAtFirst = ProcStat.cpuSeconds(pid);
        postgresAtFirst = ProcStat.treeCpuSeconds(stack.postgresPid());
        kafkaAtFirst = ProcStat.cpuSeconds(stack.kafkaPid());
      }
      if (System.nanoTime() - lastMove > STALL.toNanos()) {
        throw new BenchException(
            child.spec().name()
                + " put "
                + count
                + " of "
                + expected
                + " records on "
                + topic
                + " and nothing more for "
                + STALL.toSeconds()
                + " s (log: "
                + child.spec().logFile()
                + ")");
      }
      if (seen) {
        double seconds = (System.nanoTime() - seenAt) / 1e9;
        progress.live(
            "%,d of %,d records on %s (%,.0f/s)",
            count, expected, topic, seconds > 0 ? count / seconds : 0);
      } else {
        progress.live("waiting for %s's first record on %s", child.spec().name(), topic);
      }
      if (count < expected) {
        Pause.millis(SAMPLE_EVERY_MILLIS);
      }
    }
    double cpuAtLast = ProcStat.cpuSeconds(pid);
    double postgresAtLast = ProcStat.treeCpuSeconds(stack.postgresPid());
    double kafkaAtLast = ProcStat.cpuSeconds(stack.kafkaPid());
    OptionalLong rss = ProcStat.peakRssMib(pid);

    long[] appended = kafka.appendTimes(from, kafka.endOffsets(topic));
    double eps = Completions.perSecond(appended, 1000.0);
    long last = appended[appended.length - 1];
    double fromStart = appended.length / Math.max(0.001, (last - startedAtMillis) / 1000.0);
    return new Result(
        appended.length,
        eps,
        fromStart,
        cpuAtLast - cpuAtFirst,
        cpuAtLast,
        postgresAtLast - postgresAtFirst,
        kafkaAtLast - kafkaAtFirst,
        rss,
        GcLog.peakHeapMib(gcLog));
  }
}
