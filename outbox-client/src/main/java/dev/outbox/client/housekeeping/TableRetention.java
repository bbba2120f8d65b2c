package dev.outbox.client.housekeeping;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a consumer keeps its inbox rows and resolved dead letters, and how often and in what
 * batches they are deleted.
 *
 * <p>The inbox retention must be longer than what may still be redelivered: for each topic the
 * consumer reads, Kafka's {@code retention.ms} plus {@code segment.ms} (Kafka deletes a whole
 * segment, only once its newest record is older than {@code retention.ms}), plus the relay's
 * redelivery window. {@link Housekeeping#start()} reads the topics' settings and refuses a window
 * that is not longer. A redelivery older than the window still has no second effect: {@code
 * consumer_aggregate} keeps each aggregate's last applied version and is never purged, so the
 * version guard counts it stale.
 *
 * @param inboxRetention inbox rows received longer ago than this are deleted
 * @param relayRedeliveryWindow how much later than its first publication the source's relay may
 *     publish an event again: after a crash it re-sends what it published since its last stored
 *     position once it runs again, and a first start publishes every row still in the outbox, at
 *     most the relay's {@code RELAY_RETENTION_AGE} old
 * @param deadLetterRetention dead letters replayed or discarded longer ago than this are deleted;
 *     open (PARKED, BLOCKED) ones are never deleted
 * @param interval how often the deletion runs and the gauges are refreshed
 * @param batchSize rows deleted per transaction
 * @param inboxRetentionName how messages name the inbox retention (e.g. its setting)
 * @param relayRedeliveryWindowName how messages name the redelivery window
 */
public record TableRetention(
    Duration inboxRetention,
    Duration relayRedeliveryWindow,
    Duration deadLetterRetention,
    Duration interval,
    int batchSize,
    String inboxRetentionName,
    String relayRedeliveryWindowName) {

  public TableRetention {
    Objects.requireNonNull(inboxRetention, "inboxRetention");
    Objects.requireNonNull(relayRedeliveryWindow, "relayRedeliveryWindow");
    Objects.requireNonNull(deadLetterRetention, "deadLetterRetention");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(inboxRetentionName, "inboxRetentionName");
    Objects.requireNonNull(relayRedeliveryWindowName, "relayRedeliveryWindowName");
    positive(inboxRetention, "inboxRetention");
    positive(deadLetterRetention, "deadLetterRetention");
    positive(interval, "interval");
    if (relayRedeliveryWindow.isNegative()) {
      throw new IllegalArgumentException(
          "relayRedeliveryWindow cannot be negative, was " + relayRedeliveryWindow);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize cannot be less than 1, was " + batchSize);
    }
  }

  /**
   * Inbox 30 days, relay redelivery window 7 days (the relay's default retention), resolved dead
   * letters 30 days, every 10 minutes in batches of 1000. 30 days is longer than the 21 days that
   * topics with Kafka's default retention and segment time (7 days each) and that window add up to.
   */
  public static TableRetention defaults() {
    return new TableRetention(
        Duration.ofDays(30),
        Duration.ofDays(7),
        Duration.ofDays(30),
        Duration.ofMinutes(10),
        1000,
        "inbox retention",
        "relay redelivery window");
  }

  /** The same with another inbox retention. */
  public TableRetention withInboxRetention(Duration retention) {
    return new TableRetention(
        retention,
        relayRedeliveryWindow,
        deadLetterRetention,
        interval,
        batchSize,
        inboxRetentionName,
        relayRedeliveryWindowName);
  }

  /** The same with another relay redelivery window. */
  public TableRetention withRelayRedeliveryWindow(Duration window) {
    return new TableRetention(
        inboxRetention,
        window,
        deadLetterRetention,
        interval,
        batchSize,
        inboxRetentionName,
        relayRedeliveryWindowName);
  }

  /** The same with another retention of resolved dead letters. */
  public TableRetention withDeadLetterRetention(Duration retention) {
    return new TableRetention(
        inboxRetention,
        relayRedeliveryWindow,
        retention,
        interval,
        batchSize,
        inboxRetentionName,
        relayRedeliveryWindowName);
  }

  /** The same, run every {@code every} in batches of {@code rows}. */
  public TableRetention withSchedule(Duration every, int rows) {
    return new TableRetention(
        inboxRetention,
        relayRedeliveryWindow,
        deadLetterRetention,
        every,
        rows,
        inboxRetentionName,
        relayRedeliveryWindowName);
  }

  /** The same, with the names messages give the inbox retention and the redelivery window. */
  public TableRetention named(String inboxRetention, String relayRedeliveryWindow) {
    return new TableRetention(
        this.inboxRetention,
        this.relayRedeliveryWindow,
        deadLetterRetention,
        interval,
        batchSize,
        inboxRetention,
        relayRedeliveryWindow);
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
