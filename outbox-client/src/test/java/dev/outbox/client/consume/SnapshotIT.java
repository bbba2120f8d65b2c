package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetterStatus;
import dev.outbox.client.support.TestKafka.TestRecord;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Backfill snapshots under the version guard, with records as the relay publishes them ({@code
 * ce_snapshot: true}, {@code ce_backfill: <id>}) on the real broker and database: a snapshot never
 * overwrites a newer live event, whichever arrives first, and a second backfill has no second
 * effect.
 */
class SnapshotIT extends ThingStackTest {

  private static long lastVersion(ThingFixture things, String aggregateId) {
    return db.dsl()
        .fetchOptional(
            "SELECT last_version FROM consumer_aggregate WHERE consumer = ? AND aggregate_id = ?",
            things.consumerName,
            aggregateId)
        .map(r -> r.get(0, Long.class))
        .orElse(-1L);
  }

  private static List<String> inboxBackfills(ThingFixture things) {
    return db.dsl()
        .fetch(
            "SELECT aggregate_id || ':' || aggregate_version || ':' || coalesce(backfill_id::text,"
                + " 'live') AS row FROM inbox WHERE consumer = ? ORDER BY kafka_offset",
            things.consumerName)
        .getValues("row", String.class);
  }

  @Test
  void a_snapshot_older_than_an_applied_live_event_is_skipped_and_counted() {
    ThingFixture things = fixture("snap-late");
    UUID backfill = UUID.randomUUID();
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    for (int v = 2; v <= 6; v++) {
      things.send("a-1", v, new ThingRenamed("a-1", "live " + v));
    }
    things.send(things.snapshot("a-1", 5, new ThingRenamed("a-1", "snapshot 5"), backfill));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 7);
    assertThat(things.effects()).hasSize(6).last().isEqualTo("a-1:6:live 6");
    assertThat(things.counter("snapshot_skipped")).isEqualTo(1);
    assertThat(things.counter("stale")).isZero();
    assertThat(things.counter("duplicate")).isZero();
    assertThat(things.meter("outbox.consumer.snapshots.skipped")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.applied")).isEqualTo(6);
    assertThat(lastVersion(things, "a-1")).isEqualTo(6);
    // Received (in the inbox, with its backfill), not applied.
    assertThat(inboxBackfills(things)).last().isEqualTo("a-1:5:" + backfill);
  }

  @Test
  void a_live_event_after_a_snapshot_of_an_unknown_aggregate_is_applied_with_no_gap_counted() {
    ThingFixture things = fixture("snap-first");
    UUID backfill = UUID.randomUUID();
    TestRecord snapshot =
        things.snapshot("a-1", 5, new ThingRenamed("a-1", "snapshot 5"), backfill);
    things.send(snapshot);
    things.send("a-1", 6, new ThingRenamed("a-1", "live 6"));
    things.send("a-1", 4, new ThingRenamed("a-1", "live 4, late"));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 3);
    assertThat(things.effects()).containsExactly("a-1:5:snapshot 5", "a-1:6:live 6");
    assertThat(things.counter("gap")).isZero();
    assertThat(things.meter("outbox.consumer.gaps")).isZero();
    assertThat(things.counter("stale")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.snapshots.applied")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.applied")).isEqualTo(2);
    assertThat(lastVersion(things, "a-1")).isEqualTo(6);

    // The handler can tell the snapshot, and from which backfill, so it triggers no side effect.
    EventEnvelope<?> first = things.envelopes.get(0);
    assertThat(first.snapshot()).isTrue();
    assertThat(first.backfillId()).isEqualTo(backfill);
    assertThat(first.id()).isEqualTo(UUID.fromString(snapshot.eventId()));
    EventEnvelope<?> live = things.envelopes.get(1);
    assertThat(live.snapshot()).isFalse();
    assertThat(live.backfillId()).isNull();
    assertThat(inboxBackfills(things))
        .containsExactly("a-1:5:" + backfill, "a-1:6:live", "a-1:4:live");
  }

  @Test
  void the_same_snapshot_twice_is_a_duplicate_and_a_second_backfill_of_it_is_skipped() {
    ThingFixture things = fixture("snap-again");
    UUID firstBackfill = UUID.randomUUID();
    UUID secondBackfill = UUID.randomUUID();
    TestRecord snapshot =
        things.snapshot("a-1", 3, new ThingRenamed("a-1", "state 3"), firstBackfill);
    things.send(snapshot);
    things.send(snapshot); // redelivered by the relay: the same event id
    things.send(things.snapshot("a-1", 3, new ThingRenamed("a-1", "state 3"), secondBackfill));
    things.send(things.snapshot("b-1", 2, new ThingCreated("b-1", "b state 2"), secondBackfill));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 4);
    assertThat(things.effects()).containsExactly("a-1:3:state 3", "b-1:2:b state 2");
    assertThat(things.counter("duplicate")).isEqualTo(1);
    assertThat(things.counter("snapshot_skipped")).isEqualTo(1);
    assertThat(things.counter("gap")).isZero();
    // The distinct snapshots of a backfill a consumer received are a count of its inbox rows.
    assertThat(
            db.dsl()
                .fetchCount(
                    DSL.table("inbox"),
                    DSL.field("consumer")
                        .eq(things.consumerName)
                        .and(DSL.field("backfill_id").eq(secondBackfill))))
        .isEqualTo(2);
    assertThat(
            db.dsl()
                .fetchValue(
                    "SELECT snapshot_skipped FROM consumer_status WHERE consumer = ?",
                    things.consumerName))
        .hasToString("1");
    assertThat(
            db.dsl()
                .fetchValue(
                    "SELECT applied FROM consumer_status WHERE consumer = ?", things.consumerName))
        .hasToString("2");
  }

  @Test
  void gaps_of_live_events_are_counted_as_before_also_after_a_snapshot() {
    ThingFixture things = fixture("snap-gap");
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.send(things.snapshot("b-1", 5, new ThingRenamed("b-1", "b5"), UUID.randomUUID()));
    things.send("b-1", 7, new ThingRenamed("b-1", "b7"));
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 4);
    assertThat(things.effects())
        .containsExactly("a-1:1:one", "a-1:3:three", "b-1:5:b5", "b-1:7:b7");
    assertThat(things.counter("gap")).isEqualTo(2);
    assertThat(things.meter("outbox.consumer.gaps")).isEqualTo(2);
  }

  @Test
  void a_replayed_snapshot_follows_the_snapshot_rule() {
    ThingFixture things = fixture("snap-replay");
    things.poisonNames.add("poison");
    EventConsumer consumer = things.startConsumer();
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send(things.snapshot("a-1", 4, new ThingRenamed("a-1", "poison"), UUID.randomUUID()));
    await().atMost(WAIT).until(() -> consumer.deadLetters().open().size() == 1);
    DeadLetter parked = consumer.deadLetters().open().get(0);
    assertThat(parked.status()).isEqualTo(DeadLetterStatus.PARKED);

    things.poisonNames.clear();
    consumer.deadLetters().replay(parked.id());

    // A live v4 after v1 would be a gap; the snapshot holds the versions in between.
    assertThat(things.effects()).containsExactly("a-1:1:one", "a-1:4:poison");
    assertThat(things.counter("gap")).isZero();
    assertThat(lastVersion(things, "a-1")).isEqualTo(4);
    assertThat(consumer.deadLetters().find(parked.id()).orElseThrow().status())
        .isEqualTo(DeadLetterStatus.REPLAYED);
  }

  @Test
  void a_rebuild_holding_the_consumer_lock_exclusively_holds_back_applying_until_it_lets_go()
      throws SQLException {
    ThingFixture things = fixture("snap-lock");
    things.startConsumer();
    things.send("a-1", 1, new ThingCreated("a-1", "before"));
    await().atMost(WAIT).until(() -> things.effects().size() == 1);

    try (Connection rebuild =
            DriverManager.getConnection(
                stack.jdbcUrl(ServiceDatabase.CUSTOMERS),
                stack.postgres().admin().user(),
                stack.postgres().admin().password());
        Statement st = rebuild.createStatement()) {
      rebuild.setAutoCommit(false);
      st.execute("SELECT pg_advisory_xact_lock(consumer_lock_key('" + things.consumerName + "'))");

      things.send("a-1", 2, new ThingRenamed("a-1", "during"));
      // The consumer's transaction now waits for the shared lock behind the exclusive holder.
      await().atMost(WAIT).until(() -> waitingForTheConsumerLock(things.consumerName) == 1);
      assertThat(things.effects()).containsExactly("a-1:1:before");

      rebuild.commit();
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(things.effects()).containsExactly("a-1:1:before", "a-1:2:during"));
    assertThat(waitingForTheConsumerLock(things.consumerName)).isZero();
  }

  /** Sessions waiting for the consumer's advisory lock in shared mode. */
  private static int waitingForTheConsumerLock(String consumer) {
    // A bigint advisory key shows as its high half (classid) and low half (objid), objsubid 1.
    return db.dsl()
        .fetchOne(
            "SELECT count(*)::int FROM pg_locks l, (SELECT consumer_lock_key(?) AS k) key"
                + " WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND NOT l.granted"
                + " AND l.mode = 'ShareLock'"
                + " AND l.classid::bigint = ((key.k >> 32) & 4294967295)"
                + " AND l.objid::bigint = (key.k & 4294967295)",
            consumer)
        .get(0, Integer.class);
  }
}
