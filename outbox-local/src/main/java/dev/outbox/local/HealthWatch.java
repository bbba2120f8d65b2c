package dev.outbox.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console says about health once the platform was ready: each process that turns
 * unhealthy, each that is healthy again (or back, after it died), and the moment the whole platform
 * is ready again. Pure: it is given one round of observations at a time.
 */
final class HealthWatch {

  /**
   * One process in one round.
   *
   * @param name the process
   * @param asked when it was asked
   * @param downSince when its death was noticed, when it died since it was last healthy
   * @param problem why it is not healthy; empty when it is
   */
  record Observation(
      String name, Instant asked, Optional<Instant> downSince, Optional<String> problem) {}

  private record State(boolean healthy, Instant since, boolean died) {}

  private final Map<String, State> states = new LinkedHashMap<>();
  private Instant troubleSince;

  /** Every one of {@code names} was just seen healthy: the first {@code ready}. */
  HealthWatch(List<String> names, Instant now) {
    names.forEach(n -> states.put(n, new State(true, now, false)));
  }

  /** The console's lines for one round. */
  List<String> observe(Instant now, List<Observation> round) {
    List<String> lines = new ArrayList<>();
    for (Observation o : round) {
      State before = states.getOrDefault(o.name(), new State(true, now, false));
      boolean healthyNow = o.problem().isEmpty();
      if (before.healthy() && healthyNow) {
        if (o.downSince().isPresent()) {
          // It died and came back between two rounds.
          lines.add(o.name() + " back after " + since(o.downSince().get(), now));
          trouble(o.downSince().get());
        }
      } else if (before.healthy()) {
        Instant since = o.downSince().orElse(o.asked());
        if (o.downSince().isEmpty()) {
          // A death is on the console already; a process that turned unhealthy is not.
          lines.add(o.name() + " unhealthy: " + o.problem().get().replaceAll("\\s*\\R\\s*", " "));
        }
        states.put(o.name(), new State(false, since, o.downSince().isPresent()));
        trouble(since);
      } else if (healthyNow) {
        boolean died = before.died() || o.downSince().isPresent();
        lines.add(
            o.name()
                + (died ? " back after " : " healthy again after ")
                + since(before.since(), now));
        states.put(o.name(), new State(true, now, false));
      } else if (o.downSince().isPresent() && !before.died()) {
        // It was unhealthy, then died: it is away since the earlier of the two.
        Instant since =
            o.downSince().get().isBefore(before.since()) ? o.downSince().get() : before.since();
        states.put(o.name(), new State(false, since, true));
        trouble(since);
      }
    }
    if (troubleSince != null && states.values().stream().allMatch(State::healthy)) {
      lines.add(
          String.format(
              "ready again: all %d processes healthy after %s",
              states.size(), since(troubleSince, now)));
      troubleSince = null;
    }
    return lines;
  }

  private void trouble(Instant since) {
    if (troubleSince == null || since.isBefore(troubleSince)) {
      troubleSince = since;
    }
  }

  private static String since(Instant then, Instant now) {
    return Durations.seconds(Duration.between(then, now));
  }
}
