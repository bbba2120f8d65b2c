package dev.outbox.relay.benchmark;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cumulative buckets of one Prometheus histogram as a relay's {@code /metrics} shows them, and
 * percentiles of what was recorded between two scrapes (linear within a bucket: the relay's timers
 * have buckets about 10% apart, so a percentile is within about 10%).
 */
final class Histogram {

  private final TreeMap<Double, Double> cumulative;

  private Histogram(TreeMap<Double, Double> cumulative) {
    this.cumulative = cumulative;
  }

  /** The buckets of {@code name} (e.g. {@code outbox_relay_commit_to_ack_seconds}) in a scrape. */
  static Histogram parse(String metrics, String name) {
    Pattern bucket =
        Pattern.compile(
            "^" + Pattern.quote(name) + "_bucket\\{.*le=\"([^\"]+)\".*\\} ([0-9.eE+-]+)$",
            Pattern.MULTILINE);
    TreeMap<Double, Double> buckets = new TreeMap<>();
    Matcher m = bucket.matcher(metrics);
    while (m.find()) {
      double le =
          m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
      buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
    }
    return new Histogram(buckets);
  }

  /** What was recorded after {@code earlier} and up to this scrape. */
  Histogram minus(Histogram earlier) {
    TreeMap<Double, Double> diff = new TreeMap<>();
    cumulative.forEach((le, n) -> diff.put(le, n - earlier.cumulative.getOrDefault(le, 0.0)));
    return new Histogram(diff);
  }

  double count() {
    Map.Entry<Double, Double> last = cumulative.lastEntry();
    return last == null ? 0 : last.getValue();
  }

  /** The {@code q} quantile (0..1) in the histogram's unit, NaN when empty. */
  double quantile(double q) {
    double total = count();
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double below = 0;
    for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
      if (b.getValue() >= rank) {
        if (b.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = b.getValue() - below;
        double fraction = inBucket == 0 ? 1 : (rank - below) / inBucket;
        return lowerBound + (b.getKey() - lowerBound) * fraction;
      }
      lowerBound = b.getKey();
      below = b.getValue();
    }
    return lowerBound;
  }

  /** The value of a single-valued metric line ({@code name} with or without labels), or NaN. */
  static double value(String metrics, String name) {
    Matcher m =
        Pattern.compile(
                "^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
            .matcher(metrics);
    double sum = Double.NaN;
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      sum = Double.isNaN(sum) ? v : sum + v;
    }
    return sum;
  }
}
