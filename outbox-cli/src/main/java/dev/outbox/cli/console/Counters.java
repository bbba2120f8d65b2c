package dev.outbox.cli.console;

import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Rates and percentiles from two readings of cumulative counters, as Prometheus' {@code rate} and
 * {@code histogram_quantile} make them: per process, so that a process that restarted (its counter
 * back at zero) counts what it did since, not a negative rate.
 */
final class Counters {

  private Counters() {}

  /**
   * Events per second between two readings of a counter, each by process.
   *
   * @return {@code null} when no process is in both readings, or no time passed
   */
  static Double rate(Map<String, Double> before, Map<String, Double> after, Duration between) {
    double seconds = between.toNanos() / 1e9;
    if (seconds <= 0) {
      return null;
    }
    Double increase = increase(before, after);
    return increase == null ? null : increase / seconds;
  }

  /** What a counter grew by, summed over the processes in both readings; null when none is. */
  static Double increase(Map<String, Double> before, Map<String, Double> after) {
    double total = 0;
    boolean any = false;
    for (Map.Entry<String, Double> now : after.entrySet()) {
      Double then = before.get(now.getKey());
      if (then == null) {
        continue;
      }
      any = true;
      total += now.getValue() >= then ? now.getValue() - then : now.getValue();
    }
    return any ? total : null;
  }

  /**
   * The cumulative bucket counts ({@code le} to count) observed between two readings, summed over
   * the processes in both.
   */
  static NavigableMap<Double, Double> bucketIncrease(
      Map<String, NavigableMap<Double, Double>> before,
      Map<String, NavigableMap<Double, Double>> after) {
    NavigableMap<Double, Double> total = new TreeMap<>();
    after.forEach(
        (process, now) -> {
          NavigableMap<Double, Double> then = before.get(process);
          if (then == null) {
            return;
          }
          boolean reset =
              now.entrySet().stream()
                  .anyMatch(e -> e.getValue() < then.getOrDefault(e.getKey(), 0.0));
          now.forEach(
              (le, count) ->
                  total.merge(le, reset ? count : count - then.getOrDefault(le, 0.0), Double::sum));
        });
    return total;
  }

  /**
   * The {@code q} quantile (0 to 1) of a histogram's cumulative buckets, interpolated linearly
   * within the bucket it falls in; {@code null} when it holds no observation. A quantile in the
   * {@code +Inf} bucket is the highest finite bound.
   */
  static Double quantile(double q, NavigableMap<Double, Double> buckets) {
    if (buckets.isEmpty()) {
      return null;
    }
    double total = buckets.lastEntry().getValue();
    if (total <= 0) {
      return null;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      double upper = bucket.getKey();
      double count = bucket.getValue();
      if (count >= rank) {
        if (Double.isInfinite(upper)) {
          return lowerBound;
        }
        if (count == lowerCount) {
          return upper;
        }
        return lowerBound + (upper - lowerBound) * (rank - lowerCount) / (count - lowerCount);
      }
      lowerBound = Double.isInfinite(upper) ? lowerBound : upper;
      lowerCount = count;
    }
    return lowerBound;
  }
}
