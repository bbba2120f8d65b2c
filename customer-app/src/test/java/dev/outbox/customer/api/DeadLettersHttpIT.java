package dev.outbox.customer.api;

import static dev.outbox.customer.store.jooq.Tables.CREDIT_RESERVATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.customer.CustomerAppFixture;
import dev.outbox.customer.events.OrderPlaced;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letter admin API of customer-app's {@code OrderPlaced} consumer, as {@code bin/outbox
 * dlq} calls it: an {@code OrderPlaced} for a customer that customer-app does not know is parked,
 * and stays parked however often it is replayed, until it is discarded.
 */
@ExtendWith(OutboxStackExtension.class)
class DeadLettersHttpIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static CustomerAppFixture fixture;
  private static CloudEventRecords records;

  @BeforeAll
  static void start(OutboxStack stack) {
    fixture = CustomerAppFixture.start(stack, 2);
    records = new CloudEventRecords(stack.kafkaBootstrapServers());
  }

  @AfterAll
  static void stop() {
    records.close();
    fixture.close();
  }

  @Test
  void the_list_shows_a_parked_event_with_its_reason_and_where_it_came_from() {
    UUID order = UUID.randomUUID();
    UUID eventId = UUID.randomUUID();
    records.send(
        CloudEventRecords.record(
            fixture.orderTopic(),
            eventId,
            "order",
            order.toString(),
            1,
            orderPlaced(order, UUID.randomUUID(), 1)));

    JsonNode dead = awaitOpen(order, "PARKED");

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
    assertThat(dead.get("eventId").asText()).isEqualTo(eventId.toString());
    assertThat(dead.get("aggregateType").asText()).isEqualTo("order");
    assertThat(dead.get("aggregateVersion").asLong()).isEqualTo(1);
    assertThat(dead.get("eventType").asText()).isEqualTo("OrderPlaced");
    assertThat(dead.get("attempts").asInt()).isEqualTo(2);
    assertThat(dead.get("error").asText()).contains("which customer-app does not know");
    assertThat(dead.get("blockedBy").isNull()).isTrue();
    assertThat(Instant.parse(dead.get("parkedAt").asText())).isBefore(Instant.now());
    assertThat(dead.get("topic").asText()).isEqualTo(fixture.orderTopic());
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
  void one_dead_letter_is_shown_by_its_id_and_an_unknown_id_is_a_404() throws Exception {
    UUID order = UUID.randomUUID();
    long parked = park(order);

    HttpResponse<String> one = fixture.get("/dead-letters/" + parked);
    HttpResponse<String> unknown = fixture.get("/dead-letters/987654321987");

    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(JSON.readTree(one.body())).isEqualTo(awaitOpen(order, "PARKED"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"error\":");
  }

  @Test
  void replaying_an_event_that_still_fails_answers_with_it_parked_again() throws Exception {
    UUID order = UUID.randomUUID();
    long parked = park(order);

    HttpResponse<String> response = fixture.post("/dead-letters/" + parked + "/replay", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(result.get("resolved")).isEmpty();
    assertThat(result.get("parked").get("id").asLong()).isEqualTo(parked);
    assertThat(result.get("parked").get("status").asText()).isEqualTo("PARKED");
    assertThat(result.get("parked").get("attempts").asInt()).isEqualTo(3);
    assertThat(result.get("parked").get("error").asText())
        .contains("which customer-app does not know");
    assertThat(statusInTable(parked)).isEqualTo("PARKED");
    assertThat(decisionOf(order)).isNull();
  }

  @Test
  void discarding_keeps_the_row_as_DISCARDED_and_applies_the_events_blocked_behind_it()
      throws Exception {
    UUID order = UUID.randomUUID();
    long parked = park(order);
    UUID known = createCustomer();
    // The order's next event names a customer that exists: it waits behind the parked one.
    records.send(
        CloudEventRecords.record(
            fixture.orderTopic(), "order", order.toString(), 2, orderPlaced(order, known, 2)));
    long blocked = awaitOpen(order, "BLOCKED").get("id").asLong();
    assertThat(statusInTable(blocked)).isEqualTo("BLOCKED");
    assertThat(decisionOf(order)).isNull();

    HttpResponse<String> response = fixture.post("/dead-letters/" + parked + "/discard", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(ids(result.get("resolved"))).containsExactly(parked, blocked);
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
    assertThat(decisionOf(order)).isEqualTo("RESERVED");
    assertThat(openOf(order)).isEmpty();
  }

  @Test
  void replay_or_discard_of_a_dead_letter_that_is_not_parked_is_a_409() {
    UUID order = UUID.randomUUID();
    long parked = park(order);
    records.send(
        CloudEventRecords.record(
            fixture.orderTopic(),
            "order",
            order.toString(),
            2,
            orderPlaced(order, UUID.randomUUID(), 2)));
    long blocked = awaitOpen(order, "BLOCKED").get("id").asLong();

    HttpResponse<String> replayBlocked = fixture.post("/dead-letters/" + blocked + "/replay", null);
    assertThat(replayBlocked.statusCode()).isEqualTo(409);
    assertThat(replayBlocked.body())
        .contains("\"error\":")
        .contains("dead letter " + blocked + " is BLOCKED, not PARKED")
        .contains("dead letter " + parked + ", which it waits for");
    assertThat(statusInTable(blocked)).isEqualTo("BLOCKED");

    // Discarding the root releases the blocked one, which fails too (unknown customer) and parks.
    assertThat(fixture.post("/dead-letters/" + parked + "/discard", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> again = fixture.post("/dead-letters/" + parked + "/discard", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("dead letter " + parked + " is DISCARDED, not PARKED");
    assertThat(fixture.post("/dead-letters/" + parked + "/replay", null).statusCode())
        .isEqualTo(409);
    assertThat(statusInTable(parked)).isEqualTo("DISCARDED");
  }

  @Test
  void replay_or_discard_of_an_unknown_id_is_a_404_with_an_error() {
    HttpResponse<String> replay = fixture.post("/dead-letters/987654321987/replay", null);
    HttpResponse<String> discard = fixture.post("/dead-letters/987654321987/discard", null);

    assertThat(replay.statusCode()).isEqualTo(404);
    assertThat(replay.body())
        .contains("\"error\":")
        .contains("dead letter 987654321987 of consumer " + fixture.consumerName());
    assertThat(discard.statusCode()).isEqualTo(404);
  }

  private static long park(UUID order) {
    records.send(
        CloudEventRecords.record(
            fixture.orderTopic(),
            "order",
            order.toString(),
            1,
            orderPlaced(order, UUID.randomUUID(), 1)));
    return awaitOpen(order, "PARKED").get("id").asLong();
  }

  private static OrderPlaced orderPlaced(UUID order, UUID customer, long version) {
    return new OrderPlaced(
        order,
        customer,
        "PENDING",
        new BigDecimal("5.00"),
        List.of(new OrderPlaced.Line("SKU-1", 1, new BigDecimal("5.00"))),
        version,
        Instant.now());
  }

  private static UUID createCustomer() throws Exception {
    HttpResponse<String> created =
        fixture.post(
            "/customers",
            "{\"name\":\"Dead Letter\",\"email\":\"dl@example.com\",\"address\":\"x\","
                + "\"creditLimit\":100}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return UUID.fromString(JSON.readTree(created.body()).get("id").asText());
  }

  /** Waits until {@code GET /dead-letters} lists one of the order's events with that status. */
  private static JsonNode awaitOpen(UUID order, String status) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                openOf(order).stream()
                    .filter(d -> d.get("status").asText().equals(status))
                    .findFirst()
                    .orElse(null),
            dead -> dead != null);
  }

  private static List<JsonNode> openOf(UUID order) throws Exception {
    HttpResponse<String> response = fixture.get("/dead-letters");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode list = JSON.readTree(response.body());
    assertThat(list.isArray()).isTrue();
    return StreamSupport.stream(list.spliterator(), false)
        .filter(d -> d.get("aggregateId").asText().equals(order.toString()))
        .toList();
  }

  private static List<Long> ids(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asLong).toList();
  }

  private static String statusInTable(long id) {
    return fixture
        .sql()
        .select(DSL.field("status", String.class))
        .from("dead_letter")
        .where(DSL.field("id", Long.class).eq(id))
        .fetchSingle()
        .value1();
  }

  private static String decisionOf(UUID order) {
    return fixture
        .sql()
        .select(CREDIT_RESERVATION.DECISION)
        .from(CREDIT_RESERVATION)
        .where(CREDIT_RESERVATION.ORDER_ID.eq(order))
        .fetchOptional(CREDIT_RESERVATION.DECISION)
        .orElse(null);
  }
}
