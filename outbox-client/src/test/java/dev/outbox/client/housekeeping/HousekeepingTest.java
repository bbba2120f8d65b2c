package dev.outbox.client.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The start's decision alone; the deletions are HousekeepingIT's, on the real database. */
class HousekeepingTest {

  private static final long DAY = Duration.ofDays(1).toMillis();

  /** A Kafka that answers with fixed settings, or fails. */
  private static final class FakeTopics implements TopicRetentionSource {
    final List<TopicRetention> answer;
    final AtomicInteger closed = new AtomicInteger();

    FakeTopics(List<TopicRetention> answer) {
      this.answer = answer;
    }

    @Override
    public List<TopicRetention> read(Collection<String> topics) {
      if (answer == null) {
        throw new IllegalStateException("Kafka is away");
      }
      return answer;
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  private static Housekeeping housekeeping(FakeTopics kafka, TableRetention retention) {
    // No connection: the start's check reads no database.
    return new Housekeeping(
        "unit",
        Set.of("thing.events"),
        DSL.using(SQLDialect.POSTGRES),
        retention,
        kafka,
        new SimpleMeterRegistry());
  }

  @Test
  void start_refuses_an_inbox_retention_the_topics_may_outlive() {
    FakeTopics kafka =
        new FakeTopics(List.of(TopicRetention.of("thing.events", 30 * DAY, DAY, "delete")));
    Housekeeping housekeeping = housekeeping(kafka, TableRetention.defaults());

    assertThatThrownBy(housekeeping::start)
        .isInstanceOfSatisfying(
            RetentionWindowException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith(
                        "inbox retention 30d must be longer than what topic thing.events may"
                            + " still redeliver: its retention.ms 30d + segment.ms 1d")
                    .endsWith("relay redelivery window 7d = 38d"));
    housekeeping.close();
    assertThat(kafka.closed).hasValue(1);
  }

  @Test
  void start_goes_on_when_kafka_cannot_tell_yet() {
    FakeTopics away = new FakeTopics(null);
    Housekeeping housekeeping =
        housekeeping(away, TableRetention.defaults().withSchedule(Duration.ofDays(1), 10));

    housekeeping.start();
    housekeeping.close();

    assertThat(away.closed).hasValue(1);
    assertThatThrownBy(housekeeping::start).isInstanceOf(IllegalStateException.class);
  }
}
