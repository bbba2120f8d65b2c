package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetterStatus;
import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import io.micrometer.core.instrument.DistributionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What batched apply must keep, against a real PostgreSQL and Kafka: a batch handler gets only the
 * events to apply, in order; a duplicate inside one batch has no effect; per-aggregate order holds
 * inside and across batches; a poison record in the middle of a batch parks only its aggregate
 * while every other record applies; a consumer killed in the middle of a batch leaves nothing of it
 * applied, and applies everything exactly once after its restart.
 */
class BatchApplyIT extends ThingStackTest {

  private EventConsumer startBatchConsumer(ThingFixture things) {
    EventConsumer consumer =
        EventConsumer.builder(things.config())
            .dsl(db.dsl())
            .meterRegistry(things.meters)
            .onBatch(things.catalog, things.batchHandler())
            .build();
    closeAfterTest(consumer).start();
    return consumer;
  }

  @Test
  void a_batch_handler_gets_only_the_events_to_apply_and_a_duplicate_in_the_batch_has_no_effect() {
    ThingFixture things = fixture("batch-handler", 1, 500);
    var created = things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("b-1", 1, new ThingCreated("b-1", "one"));
    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    things.send(created); // the same event id again, in the same poll
    things.send("a-1", 1, new ThingRenamed("a-1", "late")); // another id, an old version
    things.send("b-1", 2, new ThingRenamed("b-1", "two"));
    startBatchConsumer(things);

    await().atMost(WAIT).until(() -> things.meter("outbox.consumer.consumed") == 6);
    assertThat(things.effects())
        .containsExactly("a-1:1:one", "b-1:1:one", "a-1:2:two", "b-1:2:two");
    assertThat(things.batches.stream().flatMap(List::stream))
        .containsExactly("a-1:1", "b-1:1", "a-1:2", "b-1:2");
    assertThat(things.batches).anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
    assertThat(things.counter("duplicate")).isEqualTo(1);
    assertThat(things.counter("stale")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.applied")).isEqualTo(4);
    assertThat(db.inboxRows(things.consumerName)).isEqualTo(5);
    assertThat(lastVersion(things, "a-1")).isEqualTo(2);
    assertThat(lastVersion(things, "b-1")).isEqualTo(2);
  }

  @Test
  void per_aggregate_order_holds_inside_and_across_batches() {
    ThingFixture things = fixture("batch-order", 2, 4);
    List<String> expected = new ArrayList<>();
    for (int v = 1; v <= 10; v++) {
      for (String id : List.of("a-1", "b-1", "c-1")) {
        ThingEvent event = v == 1 ? new ThingCreated(id, "v1") : new ThingRenamed(id, "v" + v);
        things.send(id, v, event);
        expected.add(id + ":" + v + ":v" + v);
      }
    }
    things.startConsumer();

    await().atMost(WAIT).until(() -> things.effects().size() == expected.size());
    List<String> effects = things.effects();
    assertThat(effects).containsExactlyInAnyOrderElementsOf(expected);
    for (String id : List.of("a-1", "b-1", "c-1")) {
      assertThat(effects.stream().filter(e -> e.startsWith(id + ":")).toList())
          .as("%s in version order", id)
          .containsExactlyElementsOf(
              expected.stream().filter(e -> e.startsWith(id + ":")).toList());
      assertThat(lastVersion(things, id)).isEqualTo(10);
    }
    assertThat(things.counter("gap")).isZero();
    assertThat(things.counter("stale")).isZero();
    DistributionSummary batches = things.meters.find("outbox.consumer.batch.size").summary();
    assertThat(batches.max()).isEqualTo(4);
    assertThat(batches.totalAmount()).isEqualTo(30);
  }

  @Test
  void a_poison_record_in_the_middle_of_a_batch_parks_only_its_aggregate() {
    ThingFixture things = fixture("batch-poison", 1, 500);
    things.poisonNames.add("poison");
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("b-1", 1, new ThingCreated("b-1", "poison"));
    things.send("c-1", 1, new ThingCreated("c-1", "one"));
    things.send("b-1", 2, new ThingRenamed("b-1", "two"));
    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    things.send("c-1", 2, new ThingRenamed("c-1", "two"));
    EventConsumer consumer = startBatchConsumer(things);

    await().atMost(WAIT).until(() -> consumer.deadLetters().open().size() == 2);
    await().atMost(WAIT).until(() -> things.effects().size() == 4);
    assertThat(things.effects())
        .containsExactlyInAnyOrder("a-1:1:one", "a-1:2:two", "c-1:1:one", "c-1:2:two");
    List<DeadLetter> open = consumer.deadLetters().open();
    assertThat(open)
        .extracting(DeadLetter::aggregateId, DeadLetter::aggregateVersion, DeadLetter::status)
        .containsExactly(
            tuple("b-1", 1L, DeadLetterStatus.PARKED), tuple("b-1", 2L, DeadLetterStatus.BLOCKED));
    assertThat(open.get(0).attempts()).isEqualTo(3);
    assertThat(things.meter("outbox.consumer.batch.fallbacks")).isGreaterThanOrEqualTo(1);
    // Once the poison record is parked, its partition goes on in batches again.
    DistributionSummary batches = things.meters.find("outbox.consumer.batch.size").summary();
    long batchesBefore = batches.count();
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.send("c-1", 3, new ThingRenamed("c-1", "three"));
    await().atMost(WAIT).until(() -> things.effects().size() == 6);
    assertThat(batches.count()).isGreaterThan(batchesBefore);
    assertThat(things.meter("outbox.consumer.batch.fallbacks")).isEqualTo(1);
  }

  @Test
  void a_consumer_killed_in_the_middle_of_a_batch_applies_it_exactly_once_after_restart() {
    ThingFixture things = fixture("batch-kill", 2, 500);
    List<String> expected = new ArrayList<>();
    for (int v = 1; v <= 5; v++) {
      for (String id : List.of("a-1", "b-1", "c-1", "d-1")) {
        ThingEvent event = v == 1 ? new ThingCreated(id, "v1") : new ThingRenamed(id, "v" + v);
        things.send(id, v, event);
        expected.add(id + ":" + v + ":v" + v);
      }
    }
    // The process dies while its batch's handler runs, after some of its events were written.
    AtomicInteger handled = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    EventConsumer doomed =
        EventConsumer.builder(things.config())
            .dsl(db.dsl())
            .meterRegistry(things.meters)
            .on(
                things.catalog,
                (tx, envelope) -> {
                  things.handler().handle(tx, envelope);
                  if (handled.incrementAndGet() == 3) {
                    killed.set(true);
                    throw new SimulatedKill();
                  }
                })
            .build();
    closeAfterTest(doomed);
    doomed.start();

    await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> !doomed.isRunning());
    assertThat(killed).isTrue();
    assertThat(things.effects()).isEmpty();
    assertThat(db.inboxRows(things.consumerName)).isZero();
    doomed.close();

    things.startConsumer();

    await().atMost(WAIT).until(() -> things.effects().size() == expected.size());
    assertThat(things.effects()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(db.inboxRows(things.consumerName)).isEqualTo(expected.size());
    assertThat(things.counter("duplicate")).isZero();
  }

  private static long lastVersion(ThingFixture things, String aggregateId) {
    Object last =
        db.dsl()
            .fetchValue(
                "SELECT last_version FROM consumer_aggregate WHERE consumer = ?"
                    + " AND aggregate_id = ?",
                things.consumerName,
                aggregateId);
    return ((Number) last).longValue();
  }

  /** Stands for kill -9: an Error that nothing in the loop catches, so no cleanup runs. */
  private static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedKill() {
      super("simulated kill in the middle of a batch");
    }
  }
}
