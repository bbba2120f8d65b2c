package dev.outbox.client.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.support.TestKafka.TestRecord;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import dev.outbox.client.support.ThingEvent.ThingRenamed;
import dev.outbox.client.support.ThingFixture;
import dev.outbox.client.support.ThingStackTest;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterIT extends ThingStackTest {

  @Test
  void
      poison_event_is_parked_after_max_attempts_and_holds_back_only_its_aggregate_until_replayed() {
    ThingFixture things = fixture("poison");
    things.poisonNames.add("poison");
    EventConsumer consumer = things.startConsumer();
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("a-1", 2, new ThingRenamed("a-1", "poison"));
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    things.send("b-1", 1, new ThingCreated("b-1", "other"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(things.effects()).containsExactly("a-1:1:one", "b-1:1:other"));
    DeadLetters deadLetters = consumer.deadLetters();
    await().atMost(WAIT).until(() -> deadLetters.open().size() == 2);
    List<DeadLetter> open = deadLetters.open();
    DeadLetter parked = open.get(0);
    DeadLetter blocked = open.get(1);
    assertThat(parked.status()).isEqualTo(DeadLetterStatus.PARKED);
    assertThat(parked.aggregateId()).isEqualTo("a-1");
    assertThat(parked.aggregateVersion()).isEqualTo(2L);
    assertThat(parked.eventType()).isEqualTo("ThingRenamed");
    assertThat(parked.attempts()).isEqualTo(3);
    assertThat(parked.error()).contains("PermanentEventException").contains("poison pill 'poison'");
    assertThat(parked.headers()).containsEntry("ce_aggregateversion", "2").containsKey("ce_id");
    assertThat(parked.payload()).contains("\"name\":\"poison\"");
    assertThat(blocked.status()).isEqualTo(DeadLetterStatus.BLOCKED);
    assertThat(blocked.aggregateVersion()).isEqualTo(3L);
    assertThat(blocked.blockedBy()).isEqualTo(parked.id());
    assertThat(things.meter("outbox.consumer.parked", "status", "PARKED")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.parked", "status", "BLOCKED")).isEqualTo(1);
    assertThat(things.meter("outbox.consumer.failed.attempts", "kind", "permanent")).isEqualTo(3);

    // Another aggregate keeps flowing; a later event of the parked one is held back too.
    things.send("b-1", 2, new ThingRenamed("b-1", "other two"));
    things.send("a-1", 4, new ThingRenamed("a-1", "four"));
    await().atMost(WAIT).until(() -> things.effects().contains("b-1:2:other two"));
    await().atMost(WAIT).until(() -> deadLetters.open().size() == 3);
    assertThat(things.effects()).doesNotContain("a-1:3:three", "a-1:4:four");

    things.poisonNames.clear(); // the handler is fixed
    ReplayResult result = deadLetters.replay(parked.id());

    assertThat(result.parked()).isEmpty();
    assertThat(result.resolved()).hasSize(3).startsWith(parked.id(), blocked.id());
    assertThat(things.effects())
        .containsExactly(
            "a-1:1:one",
            "b-1:1:other",
            "b-1:2:other two",
            "a-1:2:poison",
            "a-1:3:three",
            "a-1:4:four");
    assertThat(deadLetters.open()).isEmpty();
    assertThat(deadLetters.list(EnumSet.of(DeadLetterStatus.REPLAYED)))
        .extracting(DeadLetter::aggregateVersion)
        .containsExactly(2L, 3L, 4L);
    assertThat(deadLetters.find(parked.id()).orElseThrow().resolvedAt()).isNotNull();

    // After the replay the aggregate flows again, live.
    things.send("a-1", 5, new ThingRenamed("a-1", "five"));
    await().atMost(WAIT).until(() -> things.effects().contains("a-1:5:five"));
  }

  @Test
  void discarding_a_parked_event_keeps_its_row_and_applies_the_events_blocked_behind_it() {
    ThingFixture things = fixture("discard");
    things.poisonNames.add("poison");
    EventConsumer consumer = things.startConsumer();
    things.send("a-1", 1, new ThingCreated("a-1", "one"));
    things.send("a-1", 2, new ThingRenamed("a-1", "poison"));
    things.send("a-1", 3, new ThingRenamed("a-1", "three"));
    DeadLetters deadLetters = consumer.deadLetters();
    await().atMost(WAIT).until(() -> deadLetters.open().size() == 2);
    DeadLetter parked = deadLetters.open().get(0);

    ReplayResult result = deadLetters.discard(parked.id());

    assertThat(result.parked()).isEmpty();
    assertThat(things.effects()).containsExactly("a-1:1:one", "a-1:3:three");
    DeadLetter discarded = deadLetters.find(parked.id()).orElseThrow();
    assertThat(discarded.status()).isEqualTo(DeadLetterStatus.DISCARDED);
    assertThat(discarded.resolvedAt()).isNotNull();
    assertThat(discarded.error()).contains("poison pill");
    assertThat(deadLetters.open()).isEmpty();
    assertThat(things.counter("gap")).isEqualTo(1); // v3 applied after v1: v2 never will be
    assertThatThrownBy(() -> deadLetters.discard(parked.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DISCARDED");
  }

  @Test
  void replay_that_fails_again_parks_that_event_and_keeps_the_rest_blocked_behind_it() {
    ThingFixture things = fixture("replay-again");
    things.poisonNames.add("poison");
    EventConsumer consumer = things.startConsumer();
    things.send("a-1", 1, new ThingCreated("a-1", "poison"));
    things.send("a-1", 2, new ThingRenamed("a-1", "two"));
    DeadLetters deadLetters = consumer.deadLetters();
    await().atMost(WAIT).until(() -> deadLetters.open().size() == 2);
    DeadLetter parked = deadLetters.open().get(0);

    ReplayResult result = deadLetters.replay(parked.id());

    assertThat(result.resolved()).isEmpty();
    assertThat(result.parked()).map(DeadLetter::id).contains(parked.id());
    assertThat(result.parked().orElseThrow().attempts()).isEqualTo(4);
    assertThat(deadLetters.open())
        .extracting(DeadLetter::status)
        .containsExactly(DeadLetterStatus.PARKED, DeadLetterStatus.BLOCKED);
    assertThat(things.effects()).isEmpty();
  }

  @Test
  void bad_json_unknown_type_and_missing_header_are_parked_with_their_reason() {
    ThingFixture things = fixture("undecodable");
    EventConsumer consumer = things.startConsumer();
    var good = things.record("a-1", 1, new ThingCreated("a-1", "one"));
    things.send(new TestRecord("a-1", good.headers(), "{not json"));
    things.send(
        things
            .record("b-1", 1, new ThingCreated("b-1", "one"))
            .withHeader("ce_type", "ThingExploded"));
    things.send(
        things
            .record("c-1", 1, new ThingCreated("c-1", "one"))
            .withoutHeader("ce_aggregateversion"));
    things.send(things.record("d-1", 1, new ThingCreated("d-1", "fine")));

    DeadLetters deadLetters = consumer.deadLetters();
    await().atMost(WAIT).until(() -> deadLetters.open().size() == 3);
    await().atMost(WAIT).until(() -> things.effects().contains("d-1:1:fine"));
    List<DeadLetter> open = deadLetters.open();
    assertThat(open).allMatch(d -> d.status() == DeadLetterStatus.PARKED && d.attempts() == 3);
    assertThat(open.get(0).error())
        .contains(
            "payload of ThingCreated v1 ("
                + things.aggregateType
                + " a-1, version 1): not valid JSON: Unexpected character ('n' (code 110))")
        .endsWith("at line 1, column 2");
    assertThat(open.get(1).error())
        .contains(
            "unknown event type 'ThingExploded' ("
                + things.aggregateType
                + " b-1, version 1; known: ThingCreated, ThingRenamed)");
    assertThat(open.get(2).error()).contains("Missing header ce_aggregateversion");
    assertThat(open.get(2).aggregateId()).isEqualTo("c-1");
    assertThat(open.get(2).aggregateVersion()).isNull();
  }

  @Test
  void a_payload_that_does_not_fit_the_record_is_parked_with_the_field_and_what_was_wrong() {
    ThingFixture things = fixture("misfit");
    EventConsumer consumer = things.startConsumer();
    things.send(things.record("a-1", 1, new ThingCreated("a-1", "one")));
    var renamed = things.record("a-1", 2, new ThingRenamed("a-1", "two"));
    things.send(new TestRecord("a-1", renamed.headers(), "{\"id\":\"a-1\",\"name\":[\"two\"]}"));

    DeadLetters deadLetters = consumer.deadLetters();
    await().atMost(WAIT).until(() -> deadLetters.open().size() == 1);

    DeadLetter parked = deadLetters.open().get(0);
    assertThat(parked.error())
        .isEqualTo(
            "dev.outbox.client.consume.PermanentEventException: payload of ThingRenamed v2 ("
                + things.aggregateType
                + " a-1, version 2): field name: expected a string, got an array");
    assertThat(db.dsl().fetchValue("SELECT error FROM dead_letter WHERE id = ?", parked.id()))
        .isEqualTo(parked.error());
  }
}
