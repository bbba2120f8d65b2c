package dev.outbox.client.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetterStatus;
import dev.outbox.client.deadletter.DeadLetters;
import dev.outbox.client.support.TestKafka.TestRecord;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * Retention of the consumer tables on the real database (as the app role) and broker: old inbox
 * rows and resolved dead letters go in batches, newer rows and open dead letters stay, a redelivery
 * older than the window still has no second effect, and a window the topic may outlive is refused.
 * Rows are made old by moving their times back, as the days would.
 */
class HousekeepingIT extends ThingStackTest {

  // The consumers' own runs keep rows this long, so that only the test's runs delete anything.
  private static final TableRetention KEEP_LONG =
      TableRetention.defaults()
          .withInboxRetention(Duration.ofDays(365))
          .withDeadLetterRetention(Duration.ofDays(365));

  /** A housekeeping of the fixture's consumer, not started: the test runs it. */
  private Housekeeping housekeeping(
      ThingFixture things, TableRetention retention, SimpleMeterRegistry meters) {
    Housekeeping housekeeping =
        Housekeeping.create(
            things.consumerName,
            Set.of(things.catalog.topic()),
            db.dsl(),
            retention,
            stack.kafkaBootstrapServers(),
            Map.of(),
            meters);
    closeAfterTest(housekeeping);
    return housekeeping;
  }

  private static Record row(String view, ThingFixture things) {
    return db.dsl().fetchOne("SELECT * FROM " + view + " WHERE consumer = ?", things.consumerName);
  }

  private static double gauge(SimpleMeterRegistry meters, String name, String table) {
    return meters.find(name).tag("table", table).gauge().value();
  }

  private static void setTopicRetention(String topic, String retentionMs) throws Exception {
    try (Admin admin = kafka.admin()) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, topic),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", retentionMs), AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
      // The controller has the change; the broker applies it when it replays the metadata log, so
      // a describe right after may still show the old value.
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  retentionMs.equals(
                      admin
                          .describeConfigs(List.of(resource))
                          .all()
                          .get(30, TimeUnit.SECONDS)
                          .get(resource)
                          .get("retention.ms")
                          .value()));
    }
  }

  @Test
  void inbox_retention_deletes_only_old_rows_in_batches_and_an_older_redelivery_has_no_effect() {
    ThingFixture things = fixture("inbox-retention");
    List<TestRecord> old = new ArrayList<>();
    old.add(things.send("a-1", 1, new ThingCreated("a-1", "a1")));
    for (int v = 2; v <= 25; v++) {
      old.add(things.send("a-1", v, new ThingRenamed("a-1", "a" + v)));
    }
    TestRecord recent = things.send("b-1", 1, new ThingCreated("b-1", "b1"));
    for (int v = 2; v <= 5; v++) {
      things.send("b-1", v, new ThingRenamed("b-1", "b" + v));
    }
    things.consumer(UnaryOperator.identity(), KEEP_LONG).start();
    await().atMost(WAIT).until(() -> things.effects().size() == 30);
    // a-1's rows were received 31 days ago, b-1's now.
    db.dsl()
        .execute(
            "UPDATE inbox SET received_at = now() - interval '31 days'"
                + " WHERE consumer = ? AND aggregate_id = 'a-1'",
            things.consumerName);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    HousekeepingRun run =
        housekeeping(things, TableRetention.defaults().withSchedule(Duration.ofDays(1), 10), meters)
            .runOnce();

    assertThat(run.inboxHeldBack()).isEmpty();
    assertThat(run.inboxRows()).isEqualTo(25);
    assertThat(run.inboxBatches()).isEqualTo(3); // 10 + 10 + 5, each its own transaction
    assertThat(
            db.dsl()
                .fetch(
                    "SELECT DISTINCT aggregate_id FROM inbox WHERE consumer = ?",
                    things.consumerName)
                .getValues(0, String.class))
        .containsExactly("b-1");
    assertThat(meters.find("outbox.consumer.table.purged").tag("table", "inbox").counter().count())
        .isEqualTo(25);
    assertThat(gauge(meters, "outbox.consumer.table.rows", "inbox")).isEqualTo(5);
    assertThat(gauge(meters, "outbox.consumer.table.rows", "consumer_aggregate")).isEqualTo(2);
    assertThat(gauge(meters, "outbox.consumer.table.oldest.age", "inbox"))
        .isLessThan(Duration.ofDays(1).toSeconds());
    // The views stay true: every event applied is still counted, the purged ones apart.
    Record tables = row("consumer_tables", things);
    assertThat(tables.get("inbox_rows", Long.class)).isEqualTo(5);
    assertThat(tables.get("inbox_purged", Long.class)).isEqualTo(25);
    assertThat(tables.get("aggregates", Long.class)).isEqualTo(2);
    Record status = row("consumer_status", things);
    assertThat(status.get("applied", Long.class)).isEqualTo(30);
    assertThat(status.get("inbox_purged", Long.class)).isEqualTo(25);

    // Redelivered after the window: no longer in the inbox, so the version guard stops them.
    things.send(old.get(0));
    things.send(old.get(24));
    things.send(recent); // still in the inbox: a duplicate
    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 33);
    assertThat(things.effects()).hasSize(30);
    assertThat(things.counter("stale")).isEqualTo(2);
    assertThat(things.counter("duplicate")).isEqualTo(1);
    assertThat(row("consumer_status", things).get("applied", Long.class)).isEqualTo(30);
  }

  @Test
  void resolved_dead_letters_are_purged_after_their_retention_and_open_ones_are_kept() {
    ThingFixture things = fixture("dl-retention");
    things.poisonNames.addAll(List.of("poison", "still poison", "given up"));
    EventConsumer consumer = things.consumer(UnaryOperator.identity(), KEEP_LONG);
    consumer.start();
    things.send("a-1", 1, new ThingCreated("a-1", "poison"));
    things.send("a-1", 2, new ThingRenamed("a-1", "behind"));
    things.send("b-1", 1, new ThingCreated("b-1", "still poison"));
    things.send("c-1", 1, new ThingCreated("c-1", "given up"));
    DeadLetters deadLetters = consumer.deadLetters();
    await().atMost(WAIT).until(() -> deadLetters.open().size() == 4);
    long a = rootOf(deadLetters, "a-1");
    long c = rootOf(deadLetters, "c-1");
    things.poisonNames.remove("poison");
    assertThat(deadLetters.replay(a).resolved()).hasSize(2); // the root and the one behind it
    deadLetters.discard(c);
    // a-1's were resolved 31 days ago (c-1's just now); b-1's was parked 100 days ago, still open.
    db.dsl()
        .execute(
            "UPDATE dead_letter SET resolved_at = now() - interval '31 days'"
                + " WHERE consumer = ? AND aggregate_id = 'a-1'",
            things.consumerName);
    db.dsl()
        .execute(
            "UPDATE dead_letter SET parked_at = now() - interval '100 days'"
                + " WHERE consumer = ? AND aggregate_id = 'b-1'",
            things.consumerName);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    HousekeepingRun run =
        housekeeping(things, TableRetention.defaults().withSchedule(Duration.ofDays(1), 1), meters)
            .runOnce();

    // The blocked one refers to its root: it goes first, the root in the next batch.
    assertThat(run.deadLetters()).isEqualTo(2);
    assertThat(run.deadLetterBatches()).isEqualTo(2);
    assertThat(
            deadLetters.list(EnumSet.allOf(DeadLetterStatus.class)).stream()
                .map(d -> d.aggregateId() + ":" + d.status()))
        .containsExactly("b-1:PARKED", "c-1:DISCARDED");
    assertThat(
            meters
                .find("outbox.consumer.table.purged")
                .tag("table", "dead_letter")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(gauge(meters, "outbox.consumer.table.rows", "dead_letter_open")).isEqualTo(1);
    assertThat(gauge(meters, "outbox.consumer.table.rows", "dead_letter_resolved")).isEqualTo(1);
    assertThat(gauge(meters, "outbox.consumer.table.oldest.age", "dead_letter_open"))
        .isGreaterThan(Duration.ofDays(99).toSeconds());
    Record tables = row("consumer_tables", things);
    assertThat(tables.get("open_dead_letters", Long.class)).isEqualTo(1);
    assertThat(tables.get("resolved_dead_letters", Long.class)).isEqualTo(1);
    assertThat(tables.get("oldest_resolved_at")).isNotNull();
  }

  private static long rootOf(DeadLetters deadLetters, String aggregateId) {
    return deadLetters.open().stream()
        .filter(d -> d.aggregateId().equals(aggregateId))
        .filter(d -> d.status() == DeadLetterStatus.PARKED)
        .map(DeadLetter::id)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void an_inbox_retention_the_topic_may_outlive_is_refused_at_start() throws Exception {
    ThingFixture things = fixture("refused");
    setTopicRetention(things.catalog.topic(), Long.toString(Duration.ofDays(40).toMillis()));
    EventConsumer consumer =
        things.consumer(
            UnaryOperator.identity(),
            TableRetention.defaults().named("APP_INBOX_RETENTION", "APP_RELAY_REDELIVERY_WINDOW"));

    assertThatThrownBy(consumer::start)
        .isInstanceOf(RetentionWindowException.class)
        .hasMessageContaining(
            "APP_INBOX_RETENTION 30d must be longer than what topic "
                + things.catalog.topic()
                + " may still redeliver: its retention.ms 40d + segment.ms 7d")
        .hasMessageEndingWith("+ APP_RELAY_REDELIVERY_WINDOW 7d = 54d");
    assertThat(consumer.isRunning()).isFalse();
  }

  @Test
  void a_topic_that_keeps_its_records_forever_leaves_late_redeliveries_to_the_version_guard()
      throws Exception {
    ThingFixture things = fixture("forever");
    setTopicRetention(things.catalog.topic(), "-1");
    EventConsumer consumer = things.consumer(UnaryOperator.identity(), KEEP_LONG);
    consumer.start();
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    await().atMost(WAIT).until(() -> things.effects().size() == 1);

    HousekeepingRun run =
        housekeeping(things, TableRetention.defaults(), new SimpleMeterRegistry()).runOnce();

    assertThat(consumer.isRunning()).isTrue();
    assertThat(run.inboxHeldBack()).isEmpty();
  }

  @Test
  void the_inbox_is_not_purged_while_the_retention_of_its_topics_cannot_be_read() {
    ThingFixture things = fixture("unreadable");
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.consumer(UnaryOperator.identity(), KEEP_LONG).start();
    await().atMost(WAIT).until(() -> things.effects().size() == 1);
    db.dsl()
        .execute(
            "UPDATE inbox SET received_at = now() - interval '31 days' WHERE consumer = ?",
            things.consumerName);

    Housekeeping housekeeping =
        new Housekeeping(
            things.consumerName,
            Set.of(things.catalog.topic(), "never-created-" + things.aggregateType),
            db.dsl(),
            TableRetention.defaults(),
            new KafkaTopicRetention(
                stack.kafkaBootstrapServers(), Map.of(), Duration.ofSeconds(10)),
            new SimpleMeterRegistry());
    closeAfterTest(housekeeping);
    HousekeepingRun run = housekeeping.runOnce();

    assertThat(run.inboxHeldBack())
        .get()
        .asString()
        .contains("could not read the retention of topics")
        .contains("a topic does not exist (yet)");
    assertThat(run.inboxRows()).isZero();
    assertThat(db.inboxRows(things.consumerName)).isEqualTo(1);
  }
}
