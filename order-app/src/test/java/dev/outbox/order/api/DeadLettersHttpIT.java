package dev.outbox.order.api;

import static dev.outbox.order.OrderAppFixture.WAIT;
import static dev.outbox.order.OrderAppFixture.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.order.OrderAppFixture;
import dev.outbox.order.events.CustomerCreated;
import dev.outbox.order.events.CustomerUpdated;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letter admin API of order-app's customer events consumer: a customer event whose payload
 * contradicts its headers is parked, fails again on replay, and once discarded lets the customer's
 * later events into the replica.
 */
@ExtendWith(OutboxStackExtension.class)
class DeadLettersHttpIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static OrderAppFixture fixture;

  @BeforeAll
  static void start(OutboxStack stack) {
    fixture = OrderAppFixture.start(stack);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void a_parked_event_is_listed_and_replaying_it_while_it_still_fails_parks_it_again()
      throws Exception {
    UUID id = UUID.randomUUID();
    long parked = parkLyingEvent(id);
    JsonNode listed = awaitOpen(id, "PARKED");
    assertThat(listed.get("consumer").asText()).isEqualTo(fixture.consumerName());
    assertThat(listed.get("eventType").asText()).isEqualTo("CustomerCreated");
    assertThat(listed.get("aggregateType").asText()).isEqualTo("customer");
    assertThat(listed.get("aggregateVersion").asLong()).isEqualTo(7);
    assertThat(listed.get("attempts").asInt()).isEqualTo(2);
    assertThat(listed.get("error").asText()).contains("but its headers say");
    assertThat(listed.get("topic").asText()).isEqualTo(fixture.customerTopic());

    HttpResponse<String> response = fixture.post("/dead-letters/" + parked + "/replay", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(result.get("resolved")).isEmpty();
    assertThat(result.get("parked").get("id").asLong()).isEqualTo(parked);
    assertThat(result.get("parked").get("status").asText()).isEqualTo("PARKED");
    assertThat(result.get("parked").get("attempts").asInt()).isEqualTo(3);
    assertThat(fixture.replicaVersion(id)).isZero();
  }

  @Test
  void discarding_a_parked_event_keeps_it_as_DISCARDED_and_applies_the_blocked_ones()
      throws Exception {
    UUID id = UUID.randomUUID();
    long parked = parkLyingEvent(id);
    fixture.publish(new CustomerUpdated(customer(id, 8, "80.00")));
    long blocked = awaitOpen(id, "BLOCKED").get("id").asLong();
    HttpResponse<String> replayBlocked = fixture.post("/dead-letters/" + blocked + "/replay", null);
    assertThat(replayBlocked.statusCode()).isEqualTo(409);
    assertThat(replayBlocked.body()).contains("is BLOCKED, not PARKED");

    HttpResponse<String> response = fixture.post("/dead-letters/" + parked + "/discard", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(StreamSupport.stream(result.get("resolved").spliterator(), false))
        .map(JsonNode::asLong)
        .containsExactly(parked, blocked);
    assertThat(result.get("parked").isNull()).isTrue();
    assertThat(statusInTable(parked)).isEqualTo("DISCARDED");
    assertThat(statusInTable(blocked)).isEqualTo("REPLAYED");
    assertThat(fixture.replicaVersion(id)).isEqualTo(8);
    assertThat(openOf(id)).isEmpty();
    assertThat(fixture.post("/dead-letters/" + parked + "/replay", null).statusCode())
        .isEqualTo(409);
  }

  @Test
  void replay_of_an_unknown_id_is_a_404_with_an_error() {
    HttpResponse<String> response = fixture.post("/dead-letters/987654321987/replay", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"error\":").contains("dead letter 987654321987");
  }

  /** A CustomerCreated of version 1 whose headers say version 7: it can never apply. */
  private static long parkLyingEvent(UUID id) {
    fixture
        .records()
        .send(
            CloudEventRecords.record(
                fixture.customerTopic(),
                "customer",
                id.toString(),
                7,
                new CustomerCreated(customer(id, 1, "1.00"))));
    return awaitOpen(id, "PARKED").get("id").asLong();
  }

  private static JsonNode awaitOpen(UUID customer, String status) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                openOf(customer).stream()
                    .filter(d -> d.get("status").asText().equals(status))
                    .findFirst()
                    .orElse(null),
            dead -> dead != null);
  }

  private static List<JsonNode> openOf(UUID customer) throws Exception {
    HttpResponse<String> response = fixture.get("/dead-letters");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return StreamSupport.stream(JSON.readTree(response.body()).spliterator(), false)
        .filter(d -> d.get("aggregateId").asText().equals(customer.toString()))
        .toList();
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
}
