package dev.outbox.cli.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a database counts as unhealthy: no relay slot, an inactive slot, lag over a threshold, or
 * parked events.
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
