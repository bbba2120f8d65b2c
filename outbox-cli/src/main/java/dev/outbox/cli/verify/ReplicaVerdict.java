package dev.outbox.cli.verify;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What verify found for one replica.
 *
 * @param replica the declaration compared
 * @param source where its source database was read (a password masked)
 * @param firstLook the pass over both views
 * @param recheck the looks after the grace period at what differed
 * @param elapsed the time of the first look (what the rate is of)
 */
record ReplicaVerdict(
    ReplicaDeclaration replica,
    String source,
    FirstLook firstLook,
    Recheck.Outcome recheck,
    Duration elapsed) {

  /** True when nothing differs any more. */
  boolean equal() {
    return differences().isEmpty();
  }

  /** What still differs, in {@link Difference#REPORT_ORDER}. */
  List<Difference> differences() {
    return recheck.differences();
  }

  /** How many of each kind still differ, every kind present. */
  Map<Difference.Kind, Integer> counts() {
    Map<Difference.Kind, Integer> counts = new EnumMap<>(Difference.Kind.class);
    for (Difference.Kind kind : Difference.Kind.values()) {
      counts.put(kind, 0);
    }
    differences().forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
    return counts;
  }

  /** Ids compared per second on the first look. */
  double rate() {
    double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
    return firstLook.compared() / seconds;
  }
}
