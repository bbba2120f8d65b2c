package dev.outbox.client.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one consumer's health, for a service's health endpoint and {@code outbox status}.
 * Healthy is {@code running && connected}; how stale the service's view is, is {@link #viewAge}.
 *
 * @param running its poll loop is alive: started, not closed, not stopped by a failure
 * @param connected its Kafka client has an open connection and hears from the broker
 * @param disconnectedSince when it lost Kafka (when it started, if it never reached it; when its
 *     loop ended, once it is not running); null while connected and before it is started
 * @param reason why it is not running or not connected, when known; null while healthy
 * @param lastAppliedAt when it last applied an event (the commit of its transaction), null if it
 *     applied none since it was created
 * @param newestEventAt the source time ({@code ce_time}) of the newest event it applied, null if
 *     none
 * @param partitions the partitions it holds now, {@code "<topic>-<partition>"} by topic and then
 *     partition number; empty while it holds none (before it joined its group, when it is not
 *     running, or as an idle member of a group with more members than partitions)
 * @param assignedAt when the partitions it holds last changed (or when it first joined its group,
 *     if it got none); null before it joined
 */
public record ConsumerHealth(
    boolean running,
    boolean connected,
    Instant disconnectedSince,
    String reason,
    Instant lastAppliedAt,
    Instant newestEventAt,
    List<String> partitions,
    Instant assignedAt) {

  public ConsumerHealth {
    partitions = List.copyOf(Objects.requireNonNull(partitions, "partitions"));
  }

  /** Whether it runs and is connected to Kafka. */
  public boolean healthy() {
    return running && connected;
  }

  /**
   * How old the service's view is: {@code now - newestEventAt}, never negative; empty when it
   * applied no event yet.
   */
  public Optional<Duration> viewAge(Instant now) {
    if (newestEventAt == null) {
      return Optional.empty();
    }
    Duration age = Duration.between(newestEventAt, now);
    return Optional.of(age.isNegative() ? Duration.ZERO : age);
  }
}
