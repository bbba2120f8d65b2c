package dev.outbox.customer.credit;

import static dev.outbox.customer.store.jooq.Tables.CREDIT_RESERVATION;
import static dev.outbox.customer.store.jooq.Tables.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.customer.CustomerAppFixture;
import dev.outbox.customer.events.OrderPlaced;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * customer-app consuming {@code OrderPlaced} from a real broker: the credit decision, the
 * customer's next version and its event are written in the consumer's transaction.
 */
@ExtendWith(OutboxStackExtension.class)
class CreditCheckIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static final Duration WAIT = Duration.ofMinutes(2);
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
  void an_order_within_the_credit_limit_reserves_credit_and_emits_CreditReserved()
      throws Exception {
    UUID customer = createCustomer("100.00");
    UUID order = UUID.randomUUID();

    records.send(orderPlaced(customer, order, "60.00"));

    awaitDecision(order, "RESERVED");
    var row = fixture.sql().selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customer)).fetchSingle();
    assertThat(row.getReservedCredit()).isEqualByComparingTo("60.00");
    assertThat(row.getVersion()).isEqualTo(2);
    List<Record> events = outboxOf(customer);
    assertThat(events)
        .extracting(r -> r.get("event_type", String.class))
        .containsExactly("CustomerCreated", "CreditReserved");
    assertThat(events.get(1).get("aggregate_version", Long.class)).isEqualTo(2L);
    JsonNode payload = JSON.readTree(events.get(1).get("payload", String.class));
    assertThat(payload.get("orderId").asText()).isEqualTo(order.toString());
    assertThat(payload.get("amount").decimalValue()).isEqualByComparingTo("60.00");
    assertThat(payload.get("customer").get("reservedCredit").decimalValue())
        .isEqualByComparingTo("60.00");
    assertThat(payload.get("customer").get("version").asLong()).isEqualTo(2);
  }

  @Test
  void an_order_over_the_credit_limit_is_rejected_and_reserves_nothing() throws Exception {
    UUID customer = createCustomer("100.00");
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    records.send(orderPlaced(customer, first, "70.00"));
    records.send(orderPlaced(customer, second, "30.01"));

    awaitDecision(second, "REJECTED");
    assertThat(decisionOf(first)).isEqualTo("RESERVED");
    var row = fixture.sql().selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customer)).fetchSingle();
    assertThat(row.getReservedCredit()).isEqualByComparingTo("70.00");
    // A rejection is a customer event too: it moves the version.
    assertThat(row.getVersion()).isEqualTo(3);
    List<Record> events = outboxOf(customer);
    assertThat(events)
        .extracting(r -> r.get("event_type", String.class))
        .containsExactly("CustomerCreated", "CreditReserved", "CreditRejected");
    JsonNode rejected = JSON.readTree(events.get(2).get("payload", String.class));
    assertThat(rejected.get("orderId").asText()).isEqualTo(second.toString());
    assertThat(rejected.get("reason").asText()).contains("credit limit 100.00 exceeded");
    assertThat(
            fixture
                .sql()
                .select(CREDIT_RESERVATION.REASON)
                .from(CREDIT_RESERVATION)
                .where(CREDIT_RESERVATION.ORDER_ID.eq(second))
                .fetchSingle()
                .value1())
        .contains("30.01 requested");
  }

  @Test
  void an_order_that_exactly_reaches_the_limit_is_reserved() {
    UUID customer = createCustomer("50.00");
    UUID order = UUID.randomUUID();

    records.send(orderPlaced(customer, order, "50.00"));

    awaitDecision(order, "RESERVED");
  }

  @Test
  void an_order_for_a_deleted_customer_is_rejected() {
    UUID customer = createCustomer("100.00");
    assertThat(fixture.send("DELETE", "/customers/" + customer, null).statusCode()).isEqualTo(200);
    UUID order = UUID.randomUUID();

    records.send(orderPlaced(customer, order, "1.00"));

    awaitDecision(order, "REJECTED");
    assertThat(outboxOf(customer))
        .extracting(r -> r.get("event_type", String.class))
        .containsExactly("CustomerCreated", "CustomerDeleted", "CreditRejected");
  }

  @Test
  void a_redelivered_OrderPlaced_has_no_second_effect() {
    UUID customer = createCustomer("100.00");
    UUID order = UUID.randomUUID();
    ProducerRecord<String, String> record = orderPlaced(customer, order, "10.00");
    long duplicatesBefore = duplicates();

    records.send(record);
    records.send(record);

    await().atMost(WAIT).until(() -> duplicates() == duplicatesBefore + 1);
    assertThat(decisionOf(order)).isEqualTo("RESERVED");
    var row = fixture.sql().selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customer)).fetchSingle();
    assertThat(row.getReservedCredit()).isEqualByComparingTo("10.00");
    assertThat(row.getVersion()).isEqualTo(2);
    assertThat(outboxOf(customer)).hasSize(2);
  }

  @Test
  void the_same_order_under_another_event_id_is_not_decided_twice() {
    UUID customer = createCustomer("100.00");
    UUID order = UUID.randomUUID();
    records.send(orderPlaced(customer, order, "10.00"));
    awaitDecision(order, "RESERVED");

    // Same order, new event id and a later version: the inbox lets it through, the check does not.
    OrderPlaced again =
        new OrderPlaced(
            order,
            customer,
            "PENDING",
            new BigDecimal("10.00"),
            List.of(new OrderPlaced.Line("SKU-1", 1, new BigDecimal("10.00"))),
            2,
            Instant.now());
    UUID eventId = UUID.randomUUID();
    records.send(
        CloudEventRecords.record(
            fixture.orderTopic(), eventId, "order", order.toString(), 2, again));

    await().atMost(WAIT).until(() -> inInbox(eventId));
    var row = fixture.sql().selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customer)).fetchSingle();
    assertThat(row.getReservedCredit()).isEqualByComparingTo("10.00");
    assertThat(row.getVersion()).isEqualTo(2);
  }

  @Test
  void an_OrderPlaced_for_an_unknown_customer_is_parked_with_its_reason() {
    UUID unknown = UUID.randomUUID();
    UUID order = UUID.randomUUID();

    records.send(orderPlaced(unknown, order, "5.00"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(fixture.app().orderConsumer().deadLetters().open())
                    .anySatisfy(
                        dead -> {
                          assertThat(dead.aggregateId()).isEqualTo(order.toString());
                          assertThat(dead.error()).contains("does not know");
                          assertThat(dead.attempts()).isEqualTo(2);
                        }));
    assertThat(decisionOf(order)).isNull();
  }

  private static UUID createCustomer(String creditLimit) {
    HttpResponse<String> response =
        fixture.post(
            "/customers",
            "{\"name\":\"Credit Test\",\"email\":\"credit@example.com\",\"address\":\"x\","
                + "\"creditLimit\":"
                + creditLimit
                + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    try {
      return UUID.fromString(JSON.readTree(response.body()).get("id").asText());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ProducerRecord<String, String> orderPlaced(
      UUID customer, UUID order, String total) {
    OrderPlaced event =
        new OrderPlaced(
            order,
            customer,
            "PENDING",
            new BigDecimal(total),
            List.of(new OrderPlaced.Line("SKU-1", 1, new BigDecimal(total))),
            1,
            Instant.now());
    return CloudEventRecords.record(fixture.orderTopic(), "order", order.toString(), 1, event);
  }

  private static void awaitDecision(UUID order, String decision) {
    await().atMost(WAIT).until(() -> decision.equals(decisionOf(order)));
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

  private static boolean inInbox(UUID eventId) {
    return fixture
        .sql()
        .fetchExists(
            DSL.table("inbox"),
            DSL.field("consumer")
                .eq(fixture.consumerName())
                .and(DSL.field("event_id", UUID.class).eq(eventId)));
  }

  private static long duplicates() {
    return fixture
        .sql()
        .select(DSL.field("value", Long.class))
        .from("consumer_counter")
        .where(DSL.field("consumer").eq(fixture.consumerName()))
        .and(DSL.field("counter").eq("duplicate"))
        .fetchOptional(0, Long.class)
        .orElse(0L);
  }

  private static List<Record> outboxOf(UUID id) {
    return fixture
        .sql()
        .select(
            DSL.field("event_type"),
            DSL.field("aggregate_version"),
            DSL.field("payload::text").as("payload"))
        .from("outbox")
        .where(DSL.field("aggregate_id").eq(id.toString()))
        .orderBy(DSL.field("aggregate_version"))
        .fetch()
        .stream()
        .map(r -> (Record) r)
        .toList();
  }
}
