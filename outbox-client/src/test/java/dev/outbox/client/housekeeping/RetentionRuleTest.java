package dev.outbox.client.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {

  private static final long DAY = Duration.ofDays(1).toMillis();

  private static TableRetention inbox(Duration retention) {
    return TableRetention.defaults()
        .withInboxRetention(retention)
        .named("APP_INBOX_RETENTION", "APP_RELAY_REDELIVERY_WINDOW");
  }

  @Test
  void a_window_longer_than_retention_plus_segment_plus_the_relay_window_is_safe() {
    TopicRetention topic = TopicRetention.of("customer.events", 7 * DAY, 7 * DAY, "delete");

    RetentionRule.Verdict verdict = RetentionRule.check(inbox(Duration.ofDays(22)), List.of(topic));

    assertThat(verdict.safe()).isTrue();
    assertThat(verdict.keptForever()).isEmpty();
    assertThat(RetentionRule.check(TableRetention.defaults(), List.of(topic)).safe()).isTrue();
  }

  @Test
  void a_window_not_longer_is_refused_naming_the_setting_the_topic_and_the_values() {
    TopicRetention ok = TopicRetention.of("a.events", DAY, DAY, "delete");
    TopicRetention tooLong = TopicRetention.of("customer.events", 7 * DAY, 7 * DAY, "delete");

    RetentionRule.Verdict verdict =
        RetentionRule.check(inbox(Duration.ofDays(21)), List.of(ok, tooLong));

    assertThat(verdict.safe()).isFalse();
    assertThat(verdict.problems())
        .containsExactly(
            "APP_INBOX_RETENTION 21d must be longer than what topic customer.events may still"
                + " redeliver: its retention.ms 7d + segment.ms 7d (Kafka deletes a segment only"
                + " once its newest record is older than retention.ms) + APP_RELAY_REDELIVERY_WINDOW"
                + " 7d = 21d");
  }

  @Test
  void a_topic_that_keeps_records_forever_is_left_to_the_version_guard_and_said_so() {
    TopicRetention infinite = TopicRetention.of("state.events", -1, 7 * DAY, "delete");
    TopicRetention compacted = TopicRetention.of("compact.events", 7 * DAY, 7 * DAY, "compact");

    RetentionRule.Verdict verdict =
        RetentionRule.check(inbox(Duration.ofDays(1)), List.of(infinite, compacted));

    assertThat(verdict.safe()).isTrue();
    assertThat(verdict.keptForever())
        .hasSize(2)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("topic state.events keeps its records forever (retention.ms=-1)")
                    .contains("version guard counts it stale"))
        .anySatisfy(line -> assertThat(line).contains("(cleanup.policy=compact)"));
  }

  @Test
  void a_compacted_topic_that_also_deletes_is_bounded_by_its_retention() {
    TopicRetention both = TopicRetention.of("t", 2 * DAY, DAY, "compact,delete");

    assertThat(both.readableFor()).contains(Duration.ofDays(3));
  }
}
