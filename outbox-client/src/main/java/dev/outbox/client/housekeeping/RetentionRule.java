package dev.outbox.client.housekeeping;

import dev.outbox.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether an inbox retention is safe for the topics a consumer reads. Pure.
 *
 * <p>An event first received at t1 can come again only as a record Kafka still holds: the same
 * record (a rewound or uncommitted offset), at most {@link TopicRetention#readableFor()} after it
 * was appended, or a record the relay published again, at most the relay's redelivery window later
 * and then readable as long. So it comes again before t1 + readableFor + redelivery window, and an
 * inbox that keeps its row longer counts it as a duplicate. A topic that keeps records forever has
 * no such bound: no window is longer, and its late redeliveries are left to the version guard.
 */
final class RetentionRule {

  /**
   * @param problems one sentence per topic whose bound is not shorter than the inbox retention
   * @param keptForever one sentence per topic that keeps its records forever
   */
  record Verdict(List<String> problems, List<String> keptForever) {

    boolean safe() {
      return problems.isEmpty();
    }
  }

  private RetentionRule() {}

  static Verdict check(TableRetention retention, Collection<TopicRetention> topics) {
    List<String> problems = new ArrayList<>();
    List<String> forever = new ArrayList<>();
    for (TopicRetention topic : topics) {
      if (topic.readableFor().isEmpty()) {
        forever.add(
            "topic "
                + topic.topic()
                + " keeps its records forever ("
                + topic.setting()
                + "): a record of it redelivered after "
                + retention.inboxRetentionName()
                + " "
                + Durations.format(retention.inboxRetention())
                + " is no longer in the inbox, and the version guard counts it stale");
        continue;
      }
      Duration bound = topic.readableFor().get().plus(retention.relayRedeliveryWindow());
      if (retention.inboxRetention().compareTo(bound) <= 0) {
        problems.add(
            retention.inboxRetentionName()
                + " "
                + Durations.format(retention.inboxRetention())
                + " must be longer than what topic "
                + topic.topic()
                + " may still redeliver: its retention.ms "
                + Durations.format(topic.retention().get())
                + " + segment.ms "
                + Durations.format(topic.segment())
                + " (Kafka deletes a segment only once its newest record is older than"
                + " retention.ms) + "
                + retention.relayRedeliveryWindowName()
                + " "
                + Durations.format(retention.relayRedeliveryWindow())
                + " = "
                + Durations.format(bound));
      }
    }
    return new Verdict(problems, forever);
  }
}
