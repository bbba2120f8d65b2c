package dev.outbox.cli.status;

import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.ProcessState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * When the platform counts as unhealthy: a process that is not UP (DEGRADED included) or does not
 * answer, except a relay that is a standby ready to take over; a database whose relays answer but
 * none is active, or two are; a database with no relay slot, an inactive slot, lag over a
 * threshold, or parked events.
 */
public record HealthRules(long maxLagBytes, Duration maxLagTime) {

  public HealthRules {
    if (maxLagBytes < 0) {
      throw new IllegalArgumentException("--max-lag-bytes cannot be negative");
    }
    if (maxLagTime.isNegative()) {
      throw new IllegalArgumentException("--max-lag-seconds cannot be negative");
    }
  }

  /**
   * The problems of the processes, each a sentence for the operator; empty when all are UP or ready
   * standbys.
   */
  public List<String> problems(List<ProcessHealth> processes) {
    List<String> problems = new ArrayList<>();
    for (ProcessHealth p : processes) {
      if (p.standbyReady()) {
        continue;
      }
      if (p.state() == ProcessState.UNREACHABLE) {
        problems.add(
            p.name() + ": no answer from " + p.url() + " (" + p.reason() + "); is it running?");
      } else if (!p.state().healthy()) {
        problems.add(p.name() + " reports " + p.state() + ": " + p.problem());
      }
    }
    return problems;
  }

  /**
   * The relays of each database by the roles they report: exactly one must be active. A database
   * none of whose relays answers with a role is left to the rule of the processes (each one that
   * does not answer is a problem already).
   */
  public List<String> relayRoles(List<ProcessStatus> processes) {
    Map<String, List<ProcessStatus>> byDatabase = new LinkedHashMap<>();
    processes.stream()
        .filter(ProcessStatus::relay)
        .forEach(
            p -> byDatabase.computeIfAbsent(p.process().database(), d -> new ArrayList<>()).add(p));
    List<String> problems = new ArrayList<>();
    byDatabase.forEach(
        (database, relays) -> {
          if (relays.stream().allMatch(r -> r.role().isEmpty())) {
            return;
          }
          List<String> active =
              relays.stream()
                  .filter(r -> r.role().filter("active"::equals).isPresent())
                  .map(r -> r.process().name())
                  .toList();
          if (active.isEmpty()) {
            String roles =
                relays.stream()
                    .map(r -> r.process().name() + " " + r.role().orElse(r.health().state().name()))
                    .collect(Collectors.joining(", "));
            problems.add(
                database + ": no relay is active (" + roles + "); nothing streams its outbox");
          } else if (active.size() > 1) {
            problems.add(
                database
                    + ": "
                    + active.size()
                    + " relays report active ("
                    + String.join(", ", active)
                    + "); one relay per database streams it: do they use different slots"
                    + " (RELAY_SLOT)?");
          }
        });
    return problems;
  }

  /** The problems of one database, each a sentence for the operator; empty when healthy. */
  public List<String> problems(DatabaseStatus db) {
    List<String> problems = new ArrayList<>();
    String name = db.database();
    if (db.relays().isEmpty()) {
      problems.add(name + ": no relay slot (the relay never started, or its slot was dropped)");
    }
    for (DatabaseStatus.Relay relay : db.relays()) {
      if (!relay.active()) {
        problems.add(name + ": relay slot " + relay.slot() + " is inactive (no relay streams it)");
      }
      if (relay.lagBytes() > maxLagBytes) {
        problems.add(
            name
                + ": relay slot "
                + relay.slot()
                + " lags "
                + Formats.bytes(relay.lagBytes())
                + " (threshold "
                + Formats.bytes(maxLagBytes)
                + ")");
      }
      if (relay.lagTime() != null && relay.lagTime().compareTo(maxLagTime) > 0) {
        problems.add(
            name
                + ": the oldest unrelayed event waits "
                + Formats.duration(relay.lagTime())
                + " (threshold "
                + Formats.duration(maxLagTime)
                + ")");
      }
    }
    long parked = db.parked().stream().filter(p -> p.status().equals("PARKED")).count();
    if (parked > 0) {
      problems.add(name + ": " + parked + " parked event(s); see 'bin/outbox dlq list'");
    }
    return problems;
  }
}
