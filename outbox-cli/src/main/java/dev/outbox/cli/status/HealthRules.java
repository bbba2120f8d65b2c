package dev.outbox.cli.status;

import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.ProcessState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When the platform counts as unhealthy: a process that is not UP (DEGRADED included) or does not
 * answer; a database with no relay slot, an inactive slot, lag over a threshold, or parked events.
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

  /** The problems of the processes, each a sentence for the operator; empty when all are UP. */
  public List<String> problems(List<ProcessHealth> processes) {
    List<String> problems = new ArrayList<>();
    for (ProcessHealth p : processes) {
      if (p.state() == ProcessState.UNREACHABLE) {
        problems.add(
            p.name() + ": no answer from " + p.url() + " (" + p.reason() + "); is it running?");
      } else if (!p.state().healthy()) {
        problems.add(p.name() + " reports " + p.state() + ": " + p.problem());
      }
    }
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
