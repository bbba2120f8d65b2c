package dev.outbox.client.housekeeping;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long Kafka may keep a topic's records, from its configuration.
 *
 * @param retention {@code retention.ms}; empty when the topic keeps records forever ({@code -1}, or
 *     a {@code cleanup.policy} without {@code delete}, such as a compacted topic)
 * @param segment {@code segment.ms}
 * @param setting what makes it keep records forever, for messages (e.g. {@code retention.ms=-1});
 *     null when it does not
 */
record TopicRetention(
    String topic, Optional<Duration> retention, Duration segment, String setting) {

  TopicRetention {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(segment, "segment");
  }

  /** From the values of {@code retention.ms}, {@code segment.ms} and {@code cleanup.policy}. */
  static TopicRetention of(String topic, long retentionMs, long segmentMs, String cleanupPolicy) {
    if (cleanupPolicy != null && !cleanupPolicy.contains("delete")) {
      return new TopicRetention(
          topic, Optional.empty(), Duration.ofMillis(segmentMs), "cleanup.policy=" + cleanupPolicy);
    }
    if (retentionMs < 0) {
      return new TopicRetention(
          topic, Optional.empty(), Duration.ofMillis(segmentMs), "retention.ms=" + retentionMs);
    }
    return new TopicRetention(
        topic, Optional.of(Duration.ofMillis(retentionMs)), Duration.ofMillis(segmentMs), null);
  }

  /**
   * The longest a record may stay readable after it was appended: a segment is deleted whole, once
   * its newest record is older than {@code retention.ms}, and a segment takes records for up to
   * {@code segment.ms}. Empty when the topic keeps records forever.
   */
  Optional<Duration> readableFor() {
    return retention.map(r -> r.plus(segment));
  }
}
