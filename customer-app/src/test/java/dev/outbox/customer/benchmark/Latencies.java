package dev.outbox.customer.benchmark;

import java.util.Arrays;

/** Latencies recorded by one worker, merged after a phase; percentiles in milliseconds. */
final class Latencies {

  private long[] nanos = new long[1 << 14];
  private int count;

  void add(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  int count() {
    return count;
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies part : parts) {
      for (int i = 0; i < part.count; i++) {
        all.add(part.nanos[i]);
      }
    }
    Arrays.sort(all.nanos, 0, all.count);
    return all;
  }

  /** The {@code p}-th percentile (0 to 100) of a merged set, in milliseconds. */
  double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * count) - 1;
    return nanos[Math.max(0, Math.min(count - 1, rank))] / 1e6;
  }
}
