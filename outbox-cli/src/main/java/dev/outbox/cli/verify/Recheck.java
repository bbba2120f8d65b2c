package dev.outbox.cli.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Looks again, after a grace period, at the ids that differed on the first look, so that events in
 * flight on a busy system (written at the source, not yet applied by the consumer) are not reported
 * as drift. An id that agrees now is settled. One that still differs is reported, unless either
 * side's version moved since the last look: then it is in flight still (a hot aggregate written
 * again), and is looked at once more after another grace period, at most {@link #MAX_ROUNDS} looks
 * in all; after the last, whatever still differs is reported as it is then.
 */
final class Recheck {

  /** The most looks after the first. */
  static final int MAX_ROUNDS = 3;

  /** Reads, on one side, the rows of some ids as they are now. */
  interface Lookup {
    Map<String, DigestRow> rowsOf(List<String> ids);
  }

  /** Waits out the grace period (a test passes one that does not sleep). */
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  /**
   * What the looks after the first found.
   *
   * @param differences what still differs, in {@link Difference#REPORT_ORDER}
   * @param rounds how many looks after the first were taken
   * @param settled how many ids that differed on the first look agreed on a later one
   */
  record Outcome(List<Difference> differences, int rounds, int settled) {

    Outcome {
      differences = List.copyOf(differences);
    }
  }

  private final Lookup source;
  private final Lookup replica;
  private final int batchSize;
  private final Duration grace;
  private final Pause pause;
  private final Consumer<String> say;

  /**
   * @param batchSize the most ids read per statement
   * @param say told what is happening, one line at a time, for the progress output
   */
  Recheck(
      Lookup source,
      Lookup replica,
      int batchSize,
      Duration grace,
      Pause pause,
      Consumer<String> say) {
    this.source = Objects.requireNonNull(source, "source");
    this.replica = Objects.requireNonNull(replica, "replica");
    this.batchSize = batchSize;
    this.grace = Objects.requireNonNull(grace, "grace");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.say = Objects.requireNonNull(say, "say");
  }

  /**
   * Looks again at {@code firstLook}'s ids until none is left in flight.
   *
   * @throws VerifyException when a side cannot be read, or the wait is interrupted
   */
  Outcome run(List<Difference> firstLook) {
    Map<String, Difference> pending = new LinkedHashMap<>();
    firstLook.forEach(d -> pending.put(d.id(), d));
    List<Difference> reported = new ArrayList<>();
    int rounds = 0;
    int settled = 0;
    while (!pending.isEmpty() && rounds < MAX_ROUNDS) {
      rounds++;
      String count = String.format(Locale.ROOT, "%,d", pending.size());
      say.accept(
          (rounds == 1
                  ? count + (pending.size() == 1 ? " row differs" : " rows differ")
                  : count + " still in flight (a version moved)")
              + "; re-checking after the grace period of "
              + Durations.show(grace));
      try {
        pause.pause(grace);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VerifyException("interrupted during the grace period", e);
      }
      List<String> ids = new ArrayList<>(pending.keySet());
      Map<String, DigestRow> sourceNow = read(source, ids);
      Map<String, DigestRow> replicaNow = read(replica, ids);
      Map<String, Difference> moving = new LinkedHashMap<>();
      for (String id : ids) {
        Difference before = pending.get(id);
        Difference now = Difference.between(sourceNow.get(id), replicaNow.get(id));
        if (now == null) {
          settled++;
        } else if (rounds < MAX_ROUNDS && moved(before, now)) {
          moving.put(id, now);
        } else {
          reported.add(now);
        }
      }
      pending.clear();
      pending.putAll(moving);
    }
    reported.sort(Difference.REPORT_ORDER);
    return new Outcome(reported, rounds, settled);
  }

  private static boolean moved(Difference before, Difference now) {
    return !Objects.equals(before.sourceVersion(), now.sourceVersion())
        || !Objects.equals(before.replicaVersion(), now.replicaVersion());
  }

  private Map<String, DigestRow> read(Lookup side, List<String> ids) {
    Map<String, DigestRow> rows = new HashMap<>();
    for (int from = 0; from < ids.size(); from += batchSize) {
      rows.putAll(side.rowsOf(ids.subList(from, Math.min(ids.size(), from + batchSize))));
    }
    return rows;
  }
}
