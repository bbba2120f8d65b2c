package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.support.TestKafka.TestRecord;
import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import dev.outbox.stack.ServerControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The consumer runtime against a real PostgreSQL and Kafka: dedup, version guard, gaps, outages,
 * crashes, rewinds, shutdown and rebalances. Records sent before the consumer starts arrive in one
 * poll, so with the default batch size they are applied as one batch (duplicates and stale versions
 * inside it); {@link OneTransactionPerEventIT} runs every test again with one transaction per
 * event.
 */
class EventConsumerIT extends ThingStackTest {

  @Test
  void handler_gets_the_decoded_event_and_its_cloud_events_attributes_in_one_envelope() {
    ThingFixture things = fixture("envelope", 1);
    String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    TestRecord record =
        things
            .record("a-1", 1, new ThingCreated("a-1", "first"))
            .withHeader("traceparent", traceParent)
            .withHeader("ce_schemaversion", "1")
            .withHeader("ce_time", "2026-01-02T03:04:05.123456Z");
    things.send(record);
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.envelopes.size() == 1);
    var envelope = things.envelopes.get(0);
    assertThat(envelope.id()).isEqualTo(UUID.fromString(record.eventId()));
    assertThat(envelope.type()).isEqualTo("ThingCreated");
    assertThat(envelope.source()).isEqualTo("client-it");
    assertThat(envelope.aggregateType()).isEqualTo(things.aggregateType);
    assertThat(envelope.aggregateId()).isEqualTo("a-1");
    assertThat(envelope.aggregateVersion()).isEqualTo(1);
    assertThat(envelope.schemaVersion()).isEqualTo(1);
    assertThat(envelope.time()).hasToString("2026-01-02T03:04:05.123456Z");
    assertThat(envelope.traceParent()).isEqualTo(traceParent);
    assertThat(envelope.topic()).isEqualTo(things.catalog.topic());
    assertThat(envelope.event()).isEqualTo(new ThingCreated("a-1", "first"));
    assertThat(db.inboxRows(things.consumerName)).isEqualTo(1);
    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.applied") == 1);
    assertThat(things.meters.find("outbox.consumer.commit.to.applied").timer().count())
        .isEqualTo(1);
  }

  @Test
  void redelivered_event_has_no_second_effect_and_is_counted_as_duplicate() {
    ThingFixture things = fixture("dedup", 1);
    TestRecord created = things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    things.send(created); // the same event id again, as a relay retry would publish it
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.startConsumer();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(things.effects())
                    .containsExactly("a-1:1:one", "a-1:2:two", "a-1:3:three"));
    assertThat(things.counter("duplicate")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.duplicates")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.consumed")).isEqualTo(4);
    assertThat(things.meter("outbox.consumer.applied")).isEqualTo(3);
  }

  @Test
  void older_version_after_a_newer_one_is_ignored_and_counted_as_stale() {
    ThingFixture things = fixture("stale", 1);
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    things.send("a-1", 1, new ThingRenamed("a-1", "late one")); // another id, an old version
    things.send("b-1", 1, new ThingCreated("b-1", "other"));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 4);
    assertThat(things.effects()).containsExactly("a-1:1:one", "a-1:2:two", "b-1:1:other");
    assertThat(things.counter("stale")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.stale")).isEqualTo(1);
    assertThat(
            db.dsl()
                .fetchValue(
                    "SELECT last_version FROM consumer_aggregate WHERE consumer = ? AND aggregate_id = 'a-1'",
                    things.consumerName))
        .isEqualTo(2L);
  }

  @Test
  void version_gap_is_applied_and_counted() {
    ThingFixture things = fixture("gap", 1);
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.startConsumer();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(things.effects()).containsExactly("a-1:1:one", "a-1:3:three"));
    assertThat(things.counter("gap")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.gaps")).isEqualTo(1);
  }

  @Test
  void transient_database_outage_is_retried_and_not_parked() {
    ThingFixture things = fixture("pg-outage", 1);
    things.startConsumer();
    things.send("a-1", 1, new ThingCreated("a-1", "before"));
    await().atMost(WAIT).until(() -> things.effects().size() == 1);

    ServerControl postgres = stack.postgresControl().orElseThrow();
    postgres.stop();
    try {
      things.send("a-1", 2, new ThingRenamed("a-1", "during"));
      await()
          .atMost(WAIT)
          .until(() -> things.meter("outbox.consumer.failed.attempts", "kind", "transient") >= 3);
    } finally {
      postgres.start();
    }

    // The test's own queries share the pool, which needs a moment to reconnect.
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(things.effects()).containsExactly("a-1:1:before", "a-1:2:during"));
    assertThat(things.meter("outbox.consumer.failed.attempts", "kind", "permanent")).isZero();
    assertThat(things.meter("outbox.consumer.parked", "status", "PARKED")).isZero();
    assertThat(
            db.dsl()
                .fetchCount(
                    org.jooq.impl.DSL.table("dead_letter"),
                    org.jooq.impl.DSL.field("consumer").eq(things.consumerName)))
        .isZero();
  }

  @Test
  void consumer_killed_after_db_commit_before_offset_commit_has_no_second_effect_on_restart() {
    ThingFixture things = fixture("crash", 2);
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("b-1", 1, new ThingCreated("b-1", "one"));
    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    EventConsumer doomed =
        EventConsumer.builder(things.config())
            .dsl(db.dsl())
            .meterRegistry(things.meters)
            .on(things.catalog, things.handler())
            .kafkaConsumerFactory(DiesAtFirstOffsetCommit::new)
            .build();
    doomed.start();

    // Its transactions committed, then it died at its first offset commit: nothing committed.
    await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> !doomed.isRunning());
    assertThat(things.effects()).hasSize(3);
    doomed.close();

    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.counter("duplicate") == 3);
    await().atMost(WAIT).until(() -> things.effects().size() == 4);
    assertThat(things.effects())
        .containsExactlyInAnyOrder("a-1:1:one", "b-1:1:one", "a-1:2:two", "a-1:3:three");
    assertThat(db.inboxRows(things.consumerName)).isEqualTo(4);
  }

  /**
   * A real Kafka consumer whose process "dies" at its first offset commit: that commit throws, and
   * as a dead process commits nothing, so do all later ones.
   */
  private static final class DiesAtFirstOffsetCommit extends KafkaConsumer<String, byte[]> {
    private boolean dead;

    DiesAtFirstOffsetCommit(Properties properties) {
      super(properties);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      if (!dead) {
        dead = true;
        throw new SimulatedKill();
      }
    }
  }

  /** Stands for kill -9: an Error that nothing in the loop catches, so no cleanup runs. */
  private static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedKill() {
      super("simulated kill between the database commit and the offset commit");
    }
  }

  @Test
  void consumer_group_rewound_to_the_start_has_no_second_effect() throws Exception {
    ThingFixture things = fixture("rewind", 2);
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("b-1", 1, new ThingCreated("b-1", "one"));
    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    EventConsumer first = things.startConsumer();
    await().atMost(WAIT).until(() -> things.effects().size() == 3);
    first.close();

    // An operator rewinds the (now empty) group: every event comes again.
    try (Admin admin = kafka.admin()) {
      admin
          .alterConsumerGroupOffsets(
              things.consumerName,
              Map.of(
                  new TopicPartition(things.catalog.topic(), 0), new OffsetAndMetadata(0),
                  new TopicPartition(things.catalog.topic(), 1), new OffsetAndMetadata(0)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.counter("duplicate") == 3);
    await().atMost(WAIT).until(() -> things.effects().size() == 4);
    assertThat(things.effects())
        .containsExactlyInAnyOrder("a-1:1:one", "b-1:1:one", "a-1:2:two", "a-1:3:three");
    assertThat(db.inboxRows(things.consumerName)).isEqualTo(4);
  }

  @Test
  void graceful_shutdown_commits_what_was_applied_so_a_restart_redelivers_nothing() {
    ThingFixture things = fixture("shutdown", 2);
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("b-1", 1, new ThingCreated("b-1", "one"));
    EventConsumer first = things.startConsumer();
    await().atMost(WAIT).until(() -> things.effects().size() == 2);
    first.close();
    assertThat(first.isRunning()).isFalse();

    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.effects().size() == 3);
    assertThat(things.effects()).containsExactlyInAnyOrder("a-1:1:one", "b-1:1:one", "a-1:2:two");
    assertThat(things.meter("outbox.consumer.duplicates")).isZero();
    assertThat(things.counter("duplicate")).isZero();
  }

  @Test
  void rebalance_between_instances_loses_nothing_and_applies_nothing_twice() {
    ThingFixture things = fixture("rebalance", 4);
    int aggregates = 12;
    int versions = 10;
    var expected = new ArrayList<String>();
    EventConsumer first = things.startConsumer();
    EventConsumer second = null;
    for (int v = 1; v <= versions; v++) {
      for (int a = 0; a < aggregates; a++) {
        String id = "agg-" + a;
        ThingEvent event = v == 1 ? new ThingCreated(id, "v1") : new ThingRenamed(id, "v" + v);
        things.send(id, v, event);
        expected.add(id + ":" + v + ":v" + v);
      }
      if (v == 3) {
        second = things.startConsumer(); // the group rebalances while records flow
      }
      if (v == 7) {
        first.close(); // and again: its partitions move to the second instance
      }
    }
    EventConsumer survivor = second;
    await().atMost(WAIT).until(() -> things.effects().size() >= expected.size());
    List<String> effects = things.effects();
    assertThat(effects).containsExactlyInAnyOrderElementsOf(expected);
    for (int a = 0; a < aggregates; a++) {
      String prefix = "agg-" + a + ":";
      assertThat(effects.stream().filter(e -> e.startsWith(prefix)).toList())
          .as("aggregate %s in version order", a)
          .isSortedAccordingTo(
              (x, y) ->
                  Long.compare(Long.parseLong(x.split(":")[1]), Long.parseLong(y.split(":")[1])));
    }
    assertThat(survivor.isRunning()).isTrue();
    assertThat(things.counter("stale")).isZero();
  }
}
