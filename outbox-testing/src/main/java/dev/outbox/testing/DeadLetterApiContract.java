package dev.outbox.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letter admin API that every app serves for its consumer, as {@code bin/outbox dlq} calls
 * it: a parked event is listed with its reason and where it came from, stays parked however often
 * it is replayed while it still fails, and once discarded lets the events of its aggregate that
 * waited behind it apply. Each app has one subclass that says how to park one of its events and
 * what applies after it; the test methods are final.
 *
 * @param <F> the app's fixture
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DeadLetterApiContract<F extends AppFixture<?>> {

  /** The attempts of the fixture's consumer before it parks an event. */
  protected static final int MAX_ATTEMPTS = 2;

  private F fixture;

  /** Starts the app with a consumer that parks after {@code maxAttempts}. */
  protected abstract F start(OutboxStack stack, int maxAttempts);

  /**
   * Publishes, for a new aggregate, an event the app can never apply.
   *
   * @return the aggregate's id
   */
  protected abstract String publishFailingEvent(F fixture);

  /** Publishes the aggregate's next event, one that applies once the failing one is gone. */
  protected abstract void publishNextEvent(F fixture, String aggregateId);

  /** Whether the effect of {@link #publishNextEvent} is in the app's tables. */
  protected abstract boolean nextEventApplied(F fixture, String aggregateId);

  /** What the parked event's error says. */
  protected abstract String failure();

  /** The aggregate type of the failing event. */
  protected abstract String aggregateType();

  /** The event type of the failing event. */
  protected abstract String eventType();

  @BeforeAll
  final void startApp(OutboxStack stack) {
    fixture = start(stack, MAX_ATTEMPTS);
  }

  @AfterAll
  final void stopApp() {
    fixture.close();
  }

  /** The running app's fixture. */
  protected final F fixture() {
    return fixture;
  }

  @Test
  public final void the_list_shows_a_parked_event_with_its_reason_and_where_it_came_from() {
    String aggregate = publishFailingEvent(fixture);

    JsonNode dead = awaitOpen(aggregate, "PARKED");

    List<String> fields = new ArrayList<>();
    dead.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "id",
            "consumer",
            "status",
            "eventId",
            "aggregateType",
            "aggregateId",
            "aggregateVersion",
            "eventType",
            "attempts",
            "error",
            "blockedBy",
            "parkedAt",
            "topic",
            "partition",
            "offset");
    assertThat(dead.get("id").asLong()).isPositive();
    assertThat(dead.get("consumer").asText()).isEqualTo(fixture.consumerName());
    assertThat(dead.get("aggregateType").asText()).isEqualTo(aggregateType());
    assertThat(dead.get("eventType").asText()).isEqualTo(eventType());
    assertThat(dead.get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
    assertThat(dead.get("error").asText()).contains(failure());
    assertThat(dead.get("blockedBy").isNull()).isTrue();
    assertThat(Instant.parse(dead.get("parkedAt").asText())).isBefore(Instant.now());
    assertThat(dead.get("topic").asText()).isEqualTo(fixture.topic());
    Record2<Integer, Long> position =
        fixture
            .sql()
            .select(
                DSL.field("kafka_partition", Integer.class), DSL.field("kafka_offset", Long.class))
            .from("dead_letter")
            .where(DSL.field("id", Long.class).eq(dead.get("id").asLong()))
            .fetchSingle();
    assertThat(dead.get("partition").asInt()).isEqualTo(position.value1());
    assertThat(dead.get("offset").asLong()).isEqualTo(position.value2());
  }

  @Test
  public final void one_dead_letter_is_shown_by_its_id_and_an_unknown_id_is_a_json_404() {
    String aggregate = publishFailingEvent(fixture);
    long parked = awaitOpen(aggregate, "PARKED").get("id").asLong();

    HttpResponse<String> one = fixture.get("/dead-letters/" + parked);
    HttpResponse<String> unknown = fixture.get("/dead-letters/987654321987");

    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(HttpTestClient.json(one)).isEqualTo(awaitOpen(aggregate, "PARKED"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(HttpTestClient.json(unknown).get("error").asText())
        .isEqualTo("dead letter 987654321987 of consumer " + fixture.consumerName());
  }

  @Test
  public final void replaying_an_event_that_still_fails_answers_with_it_parked_again() {
    String aggregate = publishFailingEvent(fixture);
    long parked = awaitOpen(aggregate, "PARKED").get("id").asLong();

    HttpResponse<String> response = fixture.post("/dead-letters/" + parked + "/replay", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = HttpTestClient.json(response);
    assertThat(result.get("resolved")).isEmpty();
    assertThat(result.get("parked").get("id").asLong()).isEqualTo(parked);
    assertThat(result.get("parked").get("status").asText()).isEqualTo("PARKED");
    assertThat(result.get("parked").get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS + 1);
    assertThat(result.get("parked").get("error").asText()).contains(failure());
    assertThat(statusInTable(parked)).isEqualTo("PARKED");
  }

  @Test
  public final void
      discarding_keeps_the_row_as_DISCARDED_and_applies_the_events_blocked_behind_it() {
    String aggregate = publishFailingEvent(fixture);
    long parked = awaitOpen(aggregate, "PARKED").get("id").asLong();
    publishNextEvent(fixture, aggregate);
    long blocked = awaitOpen(aggregate, "BLOCKED").get("id").asLong();
    assertThat(nextEventApplied(fixture, aggregate)).isFalse();

    HttpResponse<String> response = fixture.post("/dead-letters/" + parked + "/discard", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = HttpTestClient.json(response);
    assertThat(StreamSupport.stream(result.get("resolved").spliterator(), false))
        .map(JsonNode::asLong)
        .containsExactly(parked, blocked);
    assertThat(result.get("parked").isNull()).isTrue();
    Record2<String, OffsetDateTime> row =
        fixture
            .sql()
            .select(
                DSL.field("status", String.class), DSL.field("resolved_at", OffsetDateTime.class))
            .from("dead_letter")
            .where(DSL.field("id", Long.class).eq(parked))
            .fetchSingle();
    assertThat(row.value1()).isEqualTo("DISCARDED");
    assertThat(row.value2()).isNotNull();
    assertThat(statusInTable(blocked)).isEqualTo("REPLAYED");
    assertThat(nextEventApplied(fixture, aggregate)).isTrue();
    assertThat(openOf(aggregate)).isEmpty();
  }

  @Test
  public final void
      replay_or_discard_of_a_dead_letter_that_is_not_parked_is_a_409_naming_its_state() {
    String aggregate = publishFailingEvent(fixture);
    long parked = awaitOpen(aggregate, "PARKED").get("id").asLong();
    publishNextEvent(fixture, aggregate);
    long blocked = awaitOpen(aggregate, "BLOCKED").get("id").asLong();

    HttpResponse<String> replayBlocked = fixture.post("/dead-letters/" + blocked + "/replay", null);
    assertThat(replayBlocked.statusCode()).isEqualTo(409);
    assertThat(HttpTestClient.json(replayBlocked).get("error").asText())
        .isEqualTo(
            "dead letter "
                + blocked
                + " is BLOCKED, not PARKED; replay dead letter "
                + parked
                + ", which it waits for");
    assertThat(statusInTable(blocked)).isEqualTo("BLOCKED");

    assertThat(fixture.post("/dead-letters/" + parked + "/discard", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> again = fixture.post("/dead-letters/" + parked + "/discard", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(HttpTestClient.json(again).get("error").asText())
        .isEqualTo("dead letter " + parked + " is DISCARDED, not PARKED");
    assertThat(fixture.post("/dead-letters/" + parked + "/replay", null).statusCode())
        .isEqualTo(409);
    assertThat(statusInTable(parked)).isEqualTo("DISCARDED");
  }

  @Test
  public final void replay_or_discard_of_an_unknown_or_malformed_id_is_a_json_4xx() {
    HttpResponse<String> replay = fixture.post("/dead-letters/987654321987/replay", null);
    HttpResponse<String> discard = fixture.post("/dead-letters/987654321987/discard", null);
    HttpResponse<String> malformed = fixture.post("/dead-letters/abc/replay", null);
    HttpResponse<String> wrongMethod = fixture.get("/dead-letters/1/replay");

    assertThat(replay.statusCode()).isEqualTo(404);
    assertThat(HttpTestClient.json(replay).get("error").asText())
        .isEqualTo("dead letter 987654321987 of consumer " + fixture.consumerName());
    assertThat(discard.statusCode()).isEqualTo(404);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(HttpTestClient.json(malformed).get("error").asText())
        .isEqualTo("id: must be a positive whole number, was 'abc'");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
  }

  /** Waits until {@code GET /dead-letters} lists one of the aggregate's events with that status. */
  protected final JsonNode awaitOpen(String aggregateId, String status) {
    return await()
        .atMost(AppFixture.WAIT)
        .until(
            () ->
                openOf(aggregateId).stream()
                    .filter(d -> d.get("status").asText().equals(status))
                    .findFirst()
                    .orElse(null),
            dead -> dead != null);
  }

  private List<JsonNode> openOf(String aggregateId) {
    HttpResponse<String> response = fixture.get("/dead-letters");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode list = HttpTestClient.json(response);
    assertThat(list.isArray()).isTrue();
    return StreamSupport.stream(list.spliterator(), false)
        .filter(d -> d.get("aggregateId").asText().equals(aggregateId))
        .toList();
  }

  private String statusInTable(long id) {
    return fixture
        .sql()
        .select(DSL.field("status", String.class))
        .from("dead_letter")
        .where(DSL.field("id", Long.class).eq(id))
        .fetchSingle()
        .value1();
  }
}
