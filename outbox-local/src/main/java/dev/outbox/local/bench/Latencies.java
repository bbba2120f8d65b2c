package dev.outbox.local.bench;

import java.util.Arrays;

/**
 * Percentiles of latencies by nearest rank: p50 of 1..100 ms is 50 ms, p99 is 99 ms; max is the
 * largest measured.
 *
 * @param count how many were measured
 */
record Latencies(int count, double p50Millis, double p99Millis, double maxMillis) {

  /** From latencies in microseconds (sorted in place). */
  static Latencies ofMicros(long[] micros) {
    if (micros.length == 0) {
      throw new IllegalArgumentException("no latency measured");
    }
    Arrays.sort(micros);
    return new Latencies(
        micros.length,
        rank(micros, 0.50) / 1000.0,
        rank(micros, 0.99) / 1000.0,
        micros[micros.length - 1] / 1000.0);
  }

  private static long rank(long[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
