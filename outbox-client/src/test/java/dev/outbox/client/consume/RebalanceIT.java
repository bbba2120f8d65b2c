package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Partitions moving between the members of one consumer group while records flow, against a real
 * PostgreSQL and Kafka. A producer writes a continuous stream of versioned events for {@value
 * #AGGREGATES} aggregates (each aggregate's versions 1, 2, 3... in order, keyed by its id) to a
 * topic of {@value #PARTITIONS} partitions; three members of one group consume it while members are
 * closed and new ones started, {@value #MEMBERSHIP_CHANGES} times, each change once records flow
 * again after the one before. Afterwards every event has exactly one inbox row, and the handler's
 * effects (rows it writes in its transaction, in the order it applied them) are, for each
 * aggregate, exactly its versions 1..n in order, none twice: nothing was lost, nothing was applied
 * twice, and per-aggregate order held across every move.
 *
 * <p>Each change is checked to move only what it must (the cooperative sticky assignor): when a
 * member leaves, the others keep what they held and share its partitions; when one joins, it gets
 * only partitions the others give up. The duplicates the inbox absorbed are printed: a member that
 * closes commits what it applied before its partitions go, so there are normally none.
 */
class RebalanceIT extends ThingStackTest {

  private static final int PARTITIONS = 6;
  private static final int AGGREGATES = 50;
  private static final int MEMBERSHIP_CHANGES = 6;

  /** How many events the producer may be ahead of those applied: records in flight at a move. */
  private static final int MAX_AHEAD = 4 * AGGREGATES;

  /** The shortest time one round of the stream (one event per aggregate) takes: its pace. */
  private static final Duration ROUND = Duration.ofMillis(50);

  @Test
  void partitions_move_while_records_flow_and_every_event_applies_exactly_once_in_order()
      throws Exception {
    ThingFixture things = fixture("rebalance-flow", PARTITIONS);
    Instant began = Instant.now();
    EventStream stream = new EventStream(things);
    Thread producer = new Thread(stream, "rebalance-it-producer");
    producer.start();
    List<EventConsumer> members = new ArrayList<>();
    List<String> log = new ArrayList<>();
    int moved = 0;
    try {
      for (int i = 0; i < 3; i++) {
        members.add(start(things));
      }
      awaitSettledWithRecordsFlowing(things, members, stream);
      log.add("start: " + holdings(members).values());

      for (int change = 1; change <= MEMBERSHIP_CHANGES; change++) {
        Map<EventConsumer, Set<String>> before = holdings(members);
        String what;
        if (change % 2 == 1) {
          EventConsumer leaving = members.remove(0);
          Set<String> itsPartitions = before.remove(leaving);
          leaving.close();
          awaitSettledWithRecordsFlowing(things, members, stream);
          Map<EventConsumer, Set<String>> after = holdings(members);
          // The others keep what they held, and share what the member that left held.
          before.forEach((member, held) -> assertThat(after.get(member)).containsAll(held));
          moved += itsPartitions.size();
          what = "a member left, its " + itsPartitions + " moved";
        } else {
          EventConsumer joining = start(things);
          members.add(joining);
          awaitSettledWithRecordsFlowing(things, members, stream);
          Map<EventConsumer, Set<String>> after = holdings(members);
          // The others give up only what the new member gets, and gain nothing.
          before.forEach((member, held) -> assertThat(held).containsAll(after.get(member)));
          moved += after.get(joining).size();
          what = "a member joined and got " + after.get(joining);
        }
        log.add("change " + change + ": " + what + "; holdings " + holdings(members).values());
      }
    } finally {
      stream.stop();
      producer.join(WAIT.toMillis());
    }
    assertThat(stream.failure.get()).as("the producer's failure").isNull();
    int rounds = stream.rounds.get();
    int events = rounds * AGGREGATES;
    await()
        .atMost(WAIT)
        .until(() -> db.inboxRows(things.consumerName) >= events && appliedCount(things) >= events);
    Duration converged = Duration.between(began, Instant.now());
    members.forEach(EventConsumer::close);

    assertThat(db.inboxRows(things.consumerName)).isEqualTo(events);
    assertThat(distinctInboxVersions(things)).isEqualTo(events);
    Map<String, List<Long>> applied = appliedVersions(things);
    List<Long> oneToN = LongStream.rangeClosed(1, rounds).boxed().toList();
    assertThat(applied).hasSize(AGGREGATES);
    applied.forEach(
        (aggregate, versions) ->
            assertThat(versions).as("versions of %s as applied", aggregate).isEqualTo(oneToN));
    assertThat(things.counter("stale")).isZero();
    assertThat(things.counter("gap")).isZero();
    long duplicates = things.counter("duplicate");
    assertThat((long) things.meter("outbox.consumer.duplicates")).isEqualTo(duplicates);

    log.forEach(line -> System.out.println("RebalanceIT " + line));
    System.out.printf(
        "RebalanceIT: %d events (%d aggregates x %d versions) on %d partitions, %d membership"
            + " changes, %d partitions moved, %d duplicates absorbed by the inbox, %d stale,"
            + " all applied %.1f s after the stream began%n",
        events,
        AGGREGATES,
        rounds,
        PARTITIONS,
        MEMBERSHIP_CHANGES,
        moved,
        duplicates,
        things.counter("stale"),
        converged.toMillis() / 1000.0);
  }

  private static EventConsumer start(ThingFixture things) {
    EventConsumer member = things.consumer();
    member.start();
    return member;
  }

  private static double appliedCount(ThingFixture things) {
    return things.meter("outbox.consumer.applied");
  }

  /**
   * Waits until the group settled: every member runs and holds at least one partition, every
   * partition is held by exactly one member, and the stream goes on: a round's worth of events was
   * applied and more were sent since the wait began.
   */
  private static void awaitSettledWithRecordsFlowing(
      ThingFixture things, List<EventConsumer> members, EventStream stream) {
    double appliedBefore = appliedCount(things);
    int sentBefore = stream.sent.get();
    await()
        .atMost(WAIT)
        .until(
            () ->
                settled(members)
                    && appliedCount(things) >= appliedBefore + AGGREGATES
                    && stream.sent.get() > sentBefore);
  }

  private static boolean settled(List<EventConsumer> members) {
    Set<String> all = new HashSet<>();
    int held = 0;
    for (EventConsumer member : members) {
      ConsumerHealth health = member.health();
      if (!health.running() || health.partitions().isEmpty()) {
        return false;
      }
      all.addAll(health.partitions());
      held += health.partitions().size();
    }
    return all.size() == PARTITIONS && held == PARTITIONS;
  }

  private static Map<EventConsumer, Set<String>> holdings(List<EventConsumer> members) {
    Map<EventConsumer, Set<String>> holdings = new LinkedHashMap<>();
    members.forEach(member -> holdings.put(member, new TreeSet<>(member.health().partitions())));
    return holdings;
  }

  /** Per aggregate, the versions its effects show, in the order they were applied. */
  private static Map<String, List<Long>> appliedVersions(ThingFixture things) {
    Map<String, List<Long>> applied = new TreeMap<>();
    db.dsl()
        .fetch(
            "SELECT aggregate_id, version FROM client_test_effect WHERE consumer = ? ORDER BY seq",
            things.consumerName)
        .forEach(
            row ->
                applied
                    .computeIfAbsent(row.get(0, String.class), a -> new ArrayList<>())
                    .add(row.get(1, Long.class)));
    return applied;
  }

  private static int distinctInboxVersions(ThingFixture things) {
    return ((Number)
            db.dsl()
                .fetchValue(
                    "SELECT count(DISTINCT (aggregate_id, aggregate_version)) FROM inbox WHERE consumer = ?",
                    things.consumerName))
        .intValue();
  }

  /**
   * The producer: rounds of one event per aggregate, version after version, each round acked before
   * the next, at most one round per {@link #ROUND} and never more than {@link #MAX_AHEAD} events
   * ahead of those applied, until stopped (always after a whole round, so that every aggregate has
   * the same versions).
   */
  private static final class EventStream implements Runnable {
    final AtomicInteger rounds = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ThingFixture things;
    private volatile boolean stopped;

    EventStream(ThingFixture things) {
      this.things = things;
    }

    void stop() {
      stopped = true;
    }

    @Override
    public void run() {
      try {
        for (int version = 1; !stopped; version++) {
          long roundStart = System.nanoTime();
          List<Future<RecordMetadata>> acks = new ArrayList<>(AGGREGATES);
          for (int a = 0; a < AGGREGATES; a++) {
            String id = "agg-" + a;
            ThingEvent event =
                version == 1 ? new ThingCreated(id, "v1") : new ThingRenamed(id, "v" + version);
            acks.add(kafka.sendAsync(things.catalog.topic(), things.record(id, version, event)));
          }
          for (Future<RecordMetadata> ack : acks) {
            ack.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          }
          rounds.set(version);
          sent.addAndGet(AGGREGATES);
          pace(roundStart);
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }

    /** Waits out the rest of the round, then until the consumers are close enough behind. */
    private void pace(long roundStart) throws InterruptedException {
      long rest = ROUND.toNanos() - (System.nanoTime() - roundStart);
      if (rest > 0) {
        TimeUnit.NANOSECONDS.sleep(rest);
      }
      while (!stopped && sent.get() - appliedCount(things) > MAX_AHEAD) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
    }
  }
}
