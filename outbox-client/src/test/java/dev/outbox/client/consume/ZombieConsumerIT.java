package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A record handled by two members of a group at the same time has one effect, against a real
 * PostgreSQL and Kafka.
 *
 * <p>Member A's handler blocks inside its transaction on a record for longer than A's {@code
 * maxPollInterval}, so the group takes A out and gives its partition to member B, which reads the
 * same record again from the last committed offset, while A, a zombie that does not know yet, still
 * has it in flight. Then A is released and its transaction commits.
 *
 * <p>What makes that one effect is {@link RecordProcessor}'s transaction, the same in both members:
 * its first step takes the transaction-scoped advisory lock of (consumer, aggregate) — the same key
 * in both members, since they share the consumer name — and its next inserts the record's inbox row
 * {@code ON CONFLICT DO NOTHING}, both before the handler runs. A took the lock and inserted the
 * row (not committed yet), so B's transaction waits at its first step until A's transaction ends.
 * If A commits, B then finds the inbox row (read committed: each statement sees what was committed
 * before it began) and counts a duplicate without calling the handler; had A rolled back, B would
 * apply the record itself. Either way one transaction applies it, whichever member gets the lock
 * first, and the versions of one aggregate are applied in order because each transaction reads the
 * last applied version only once it holds the lock. A's late offset commit is refused (it is out of
 * the group) and its partition is lost without a commit, so B's offsets stand.
 */
class ZombieConsumerIT extends ThingStackTest {

  @Test
  void a_record_handled_by_two_members_at_once_applies_once_while_the_second_waits_on_the_lock()
      throws Exception {
    ThingFixture things = fixture("zombie", 1);
    String partition = things.catalog.topic() + "-0";
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean blockedOnce = new AtomicBoolean();
    EventConsumer a =
        closeAfterTest(
            EventConsumer.builder(things.config().withMaxPollInterval(Duration.ofSeconds(3)))
                .dsl(db.dsl())
                .meterRegistry(things.meters)
                .on(
                    things.catalog,
                    (tx, envelope) -> {
                      things.handler().handle(tx, envelope); // its effect, not committed yet
                      if (envelope.event().name().equals("slow")
                          && blockedOnce.compareAndSet(false, true)) {
                        inFlight.countDown();
                        awaitRelease(release);
                      }
                    })
                .build());
    try {
      things.send("a-1", 1, new ThingCreated("a-1", "one"));
      a.start();
      await().atMost(WAIT).until(() -> things.effects().equals(List.of("a-1:1:one")));
      await().atMost(WAIT).until(() -> a.health().partitions().equals(List.of(partition)));

      // B joins as an idle member: the sticky assignor leaves the one partition with A.
      EventConsumer b = closeAfterTest(things.consumer());
      b.start();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  b.health().healthy()
                      && b.health().assignedAt() != null
                      && b.health().partitions().isEmpty());
      assertThat(a.health().partitions()).containsExactly(partition);
      await().atMost(WAIT).until(() -> committedOffset(things) == 1);

      things.send("a-1", 2, new ThingRenamed("a-1", "slow"));
      assertThat(inFlight.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      // A's poll interval passes: the group gives the partition to B, which reads the record again
      // from offset 1. A is blocked in its handler, so as far as A knows it still holds it.
      await().atMost(WAIT).until(() -> b.health().partitions().equals(List.of(partition)));
      assertThat(a.health().partitions()).containsExactly(partition);
      // B's transaction waits for the aggregate's lock, which A's transaction holds.
      await().atMost(WAIT).until(() -> waitersOnLock(things, "a-1") == 1);
      assertThat(things.effects()).containsExactly("a-1:1:one");

      release.countDown();

      await().atMost(WAIT).until(() -> things.counter("duplicate") == 1);
      await().atMost(WAIT).until(() -> committedOffset(things) == 2);
      // A's next poll finds it was taken out: the partition is lost, and nothing of it committed.
      await().atMost(WAIT).until(() -> a.health().partitions().isEmpty());
      assertThat(things.effects()).containsExactly("a-1:1:one", "a-1:2:slow");
      assertThat(db.inboxRows(things.consumerName)).isEqualTo(2);
      assertThat(things.counter("stale")).isZero();

      // The group goes on with B, in the aggregate's order.
      things.send("a-1", 3, new ThingRenamed("a-1", "three"));
      await().atMost(WAIT).until(() -> things.effects().size() == 3);
      assertThat(things.effects()).containsExactly("a-1:1:one", "a-1:2:slow", "a-1:3:three");
      assertThat(db.inboxRows(things.consumerName)).isEqualTo(3);
      assertThat(things.counter("duplicate")).isEqualTo(1);
      assertThat(a.isRunning()).isTrue();
      assertThat(b.isRunning()).isTrue();
      System.out.printf(
          "ZombieConsumerIT: the record in flight at two members applied once; duplicates"
              + " counted %d, effects %s%n",
          things.counter("duplicate"), things.effects());
    } finally {
      release.countDown();
    }
  }

  private static void awaitRelease(CountDownLatch release) {
    try {
      if (!release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the test never released the handler");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The group's committed offset of the topic's one partition, -1 when none. */
  private static long committedOffset(ThingFixture things) throws Exception {
    try (Admin admin = kafka.admin()) {
      OffsetAndMetadata offset =
          admin
              .listConsumerGroupOffsets(things.consumerName)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS)
              .get(new TopicPartition(things.catalog.topic(), 0));
      return offset == null ? -1 : offset.offset();
    }
  }

  /**
   * How many transactions wait for the advisory lock of (consumer, aggregate) that {@code
   * AggregateLock} takes: a bigint key, which pg_locks shows split in two halves.
   */
  private static int waitersOnLock(ThingFixture things, String aggregateId) {
    return ((Number)
            db.dsl()
                .fetchValue(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                        + " AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint)"
                        + " = hashtextextended(?, 0)",
                    things.consumerName + "|" + things.aggregateType + "|" + aggregateId))
        .intValue();
  }
}
