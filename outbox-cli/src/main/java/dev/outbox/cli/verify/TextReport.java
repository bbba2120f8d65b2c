package dev.outbox.cli.verify;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report for people: per replica what was compared, what the grace period settled, and what
 * still differs with the first {@link #LISTED} ids; then one result line starting with {@code
 * verify: EQUAL} or {@code verify: DIFFERS}.
 */
final class TextReport {

  /** Ids listed per replica; {@code --json} lists all. */
  static final int LISTED = 20;

  private final PrintStream out;
  private final Duration grace;

  TextReport(PrintStream out, Duration grace) {
    this.out = out;
    this.grace = grace;
  }

  void print(List<ReplicaVerdict> verdicts) {
    for (ReplicaVerdict v : verdicts) {
      replica(v);
    }
    out.println(result(verdicts));
  }

  private void replica(ReplicaVerdict v) {
    ReplicaDeclaration r = v.replica();
    FirstLook look = v.firstLook();
    out.printf(
        Locale.ROOT,
        "%s (%s, consumer %s) against %s (%s)%n",
        r.name(),
        r.database() + "." + r.digestView(),
        r.consumer(),
        r.sourceDatabase() + "." + r.sourceDigestView(),
        v.source());
    out.printf(
        Locale.ROOT,
        "  compared %,d ids (%,d in the source, %,d in the replica) in %.1f s: %,.0f ids/s%n",
        look.compared(),
        look.sourceRows(),
        look.replicaRows(),
        v.elapsed().toMillis() / 1000.0,
        v.rate());
    if (!look.differences().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "  %,d differed at first; looked again after %s (%d time%s): %,d settled, %,d still"
              + " differ%n",
          look.differences().size(),
          Durations.show(grace),
          v.recheck().rounds(),
          v.recheck().rounds() == 1 ? "" : "s",
          v.recheck().settled(),
          v.differences().size());
    }
    if (v.equal()) {
      out.println("  EQUAL");
      return;
    }
    out.println("  DIFFERS: " + counts(v.counts()));
    List<Difference> differences = v.differences();
    for (Difference d : differences.subList(0, Math.min(LISTED, differences.size()))) {
      out.printf(Locale.ROOT, "    %-10s %s  %s%n", d.kind().label(), d.id(), d.explanation());
    }
    if (differences.size() > LISTED) {
      out.printf(
          Locale.ROOT,
          "    ... and %,d more (--json lists every one)%n",
          differences.size() - LISTED);
    }
  }

  static String counts(Map<Difference.Kind, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey().label()))
        .collect(Collectors.joining(", "));
  }

  private static String result(List<ReplicaVerdict> verdicts) {
    List<ReplicaVerdict> differing = verdicts.stream().filter(v -> !v.equal()).toList();
    if (differing.isEmpty()) {
      long ids = verdicts.stream().mapToLong(v -> v.firstLook().compared()).sum();
      return String.format(
          Locale.ROOT,
          "verify: EQUAL: %s equal%s %s source%s (%,d ids)",
          names(verdicts),
          verdicts.size() == 1 ? "s" : "",
          verdicts.size() == 1 ? "its" : "their",
          verdicts.size() == 1 ? "" : "s",
          ids);
    }
    long rows = differing.stream().mapToLong(v -> v.differences().size()).sum();
    return String.format(
        Locale.ROOT,
        "verify: DIFFERS: %s differ%s from %s source%s (%,d row%s); %d of %d replica%s checked",
        names(differing),
        differing.size() == 1 ? "s" : "",
        differing.size() == 1 ? "its" : "their",
        differing.size() == 1 ? "" : "s",
        rows,
        rows == 1 ? "" : "s",
        differing.size(),
        verdicts.size(),
        verdicts.size() == 1 ? "" : "s");
  }

  private static String names(List<ReplicaVerdict> verdicts) {
    return verdicts.stream().map(v -> v.replica().name()).collect(Collectors.joining(", "));
  }
}
