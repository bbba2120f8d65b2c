package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.support.TestKafka.TestRecord;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The freshness meters of a consumer on a real broker and database: every applied event is timed
 * from its {@code ce_committime} (or, from an older relay, its {@code ce_time}) to the commit of
 * its application, once, and counted within the objective or not; redeliveries are not timed.
 */
class FreshnessIT extends ThingStackTest {

  private static final Duration OBJECTIVE = Duration.ofMinutes(1);

  @ParameterizedTest(name = "batch size {0}")
  @ValueSource(ints = {1, 500})
  void applied_events_are_timed_from_their_source_commit_and_counted_against_the_objective(
      int batchSize) {
    ThingFixture things = fixture("freshness", 1, batchSize);
    Instant now = Instant.now();
    TestRecord fresh =
        things
            .record("a-1", 1, new ThingCreated("a-1", "fresh"))
            .withHeader("ce_committime", now.toString());
    TestRecord lateCommit =
        things
            .record("a-1", 2, new ThingRenamed("a-1", "an hour late"))
            .withHeader("ce_committime", now.minus(Duration.ofHours(1)).toString());
    // From a relay without ce_committime: measured from ce_time.
    TestRecord oldRelayLate =
        things
            .record("a-2", 1, new ThingCreated("a-2", "two hours late"))
            .withHeader("ce_time", now.minus(Duration.ofHours(2)).toString());
    TestRecord oldRelayFresh = things.record("a-3", 1, new ThingCreated("a-3", "fresh, old relay"));
    things.send(fresh);
    things.send(lateCommit);
    things.send(oldRelayLate);
    things.send(oldRelayFresh);
    things.send(fresh);

    EventConsumer consumer = things.consumer(c -> c.withFreshnessObjective(OBJECTIVE));
    consumer.start();

    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 5);
    Timer freshness =
        things.meters.get("outbox.consumer.freshness").tag("consumer", things.consumerName).timer();
    assertThat(freshness.count()).as("the four applied events, not the redelivery").isEqualTo(4);
    assertThat(things.meter("outbox.consumer.duplicates")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.freshness.within.objective")).isEqualTo(2);
    // Timed when their transaction had committed: the view showed all four by then.
    assertThat(things.effects()).hasSize(4);
    double total = freshness.totalTime(TimeUnit.SECONDS);
    assertThat(total)
        .isGreaterThanOrEqualTo(Duration.ofHours(3).toSeconds())
        .isLessThan(Duration.ofHours(3).plus(WAIT.multipliedBy(4)).toSeconds());
    assertThat(
            things
                .meters
                .get("outbox.consumer.freshness.objective")
                .tag("consumer", things.consumerName)
                .gauge()
                .value())
        .isEqualTo(60.0);
    assertThat(consumer.freshnessObjective()).isEqualTo(OBJECTIVE);
  }
}
