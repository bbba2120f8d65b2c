package dev.outbox.cli.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the inspection views of one service database say, at one moment. */
public record DatabaseStatus(
    String database,
    List<Relay> relays,
    Outbox outbox,
    List<Consumer> consumers,
    List<Parked> parked) {

  public DatabaseStatus {
    relays = List.copyOf(relays);
    consumers = List.copyOf(consumers);
    parked = List.copyOf(parked);
  }

  /** A relay's replication slot (view {@code relay_status}). */
  public record Relay(
      String slot,
      boolean active,
      long lagBytes,
      long walRetainedBytes,
      Duration lagTime,
      Instant lastHeartbeatAt,
      String storedLsn,
      Instant lastRelayedCommitAt) {}

  /**
   * The outbox (view {@code outbox_rates}, summed).
   *
   * @param inserted rows ever inserted into it, as the server's statistics count them (a counter
   *     that retention does not lower, reset only with the statistics); {@code null} when unknown
   */
  public record Outbox(
      long retained, long lastMinute, long lastHour, Instant newest, Long inserted) {

    public Outbox(long retained, long lastMinute, long lastHour, Instant newest) {
      this(retained, lastMinute, lastHour, newest, null);
    }
  }

  /** A consumer of this database (view {@code consumer_status}). */
  public record Consumer(
      String name,
      long applied,
      long duplicates,
      long stale,
      long gaps,
      long parked,
      long blocked,
      Instant lastAppliedAt) {}

  /**
   * An open dead letter (view {@code dead_letter_open}).
   *
   * @param eventId the event's id; {@code null} for a record that was not an event
   * @param blockedBehind how many BLOCKED events of its aggregate wait behind it
   */
  public record Parked(
      long id,
      String consumer,
      String status,
      String aggregateType,
      String aggregateId,
      Long aggregateVersion,
      String eventType,
      int attempts,
      String error,
      Long blockedBy,
      Instant parkedAt,
      String eventId,
      long blockedBehind) {

    public Parked(
        long id,
        String consumer,
        String status,
        String aggregateType,
        String aggregateId,
        Long aggregateVersion,
        String eventType,
        int attempts,
        String error,
        Long blockedBy,
        Instant parkedAt) {
      this(
          id,
          consumer,
          status,
          aggregateType,
          aggregateId,
          aggregateVersion,
          eventType,
          attempts,
          error,
          blockedBy,
          parkedAt,
          null,
          0);
    }
  }
}
