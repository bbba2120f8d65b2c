package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.event.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A payload that does not fit the consumer's record is parked with an error that names the field by
 * its JSON path and says what it should have been: what an operator reads in {@code
 * dead_letter.error} to decide between fixing the producer, the consumer or discarding the event.
 */
class PayloadErrorsTest {

  private static final String CUSTOMER_ID = "3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70";
  private static final String SUBJECT =
      "payload of CustomerUpdated v2 (customer " + CUSTOMER_ID + ", version 7): ";

  sealed interface CustomerEvent permits CustomerUpdated, CustomerCreated {}

  enum Tier {
    GOLD,
    SILVER
  }

  record Customer(
      UUID id,
      String name,
      String email,
      BigDecimal creditLimit,
      long version,
      Instant createdAt,
      Tier tier,
      List<String> tags) {
    Customer {
      Objects.requireNonNull(email, "email");
    }
  }

  @EventType(value = "CustomerUpdated", schemaVersion = 2)
  record CustomerUpdated(Customer customer) implements CustomerEvent {
    CustomerUpdated {
      Objects.requireNonNull(customer, "customer");
    }
  }

  @EventType("CustomerCreated")
  record CustomerCreated(Customer customer) implements CustomerEvent {}

  private static final Registration<CustomerEvent> REGISTRATION =
      new Registration<>(EventCatalog.of("customer", CustomerEvent.class), (tx, envelope) -> {});

  private static String customer(String... replacements) {
    String json =
        "{\"id\":\""
            + CUSTOMER_ID
            + "\",\"name\":\"Ada King\",\"email\":\"ada@example.com\",\"creditLimit\":1500.50,"
            + "\"version\":7,\"createdAt\":\"2026-11-26T13:00:00Z\",\"tier\":\"GOLD\","
            + "\"tags\":[\"vip\"]}";
    for (int i = 0; i < replacements.length; i += 2) {
      json = json.replace(replacements[i], replacements[i + 1]);
    }
    return "{\"customer\":" + json + "}";
  }

  private static EventEnvelope<CustomerEvent> read(String type, String payload) {
    var headers =
        Map.of(
            "ce_id", UUID.randomUUID().toString(),
            "ce_type", type,
            "ce_source", "customer-app",
            "ce_time", "2026-11-26T13:05:00Z",
            "ce_subject", CUSTOMER_ID,
            "ce_aggregatetype", "customer",
            "ce_aggregateversion", "7",
            "ce_schemaversion", "2");
    var in = new IncomingEvent("customer.events", 0, 12, CUSTOMER_ID, headers, payload);
    return REGISTRATION.envelope(
        CloudEventHeaders.parse(in),
        in,
        new PayloadReader(EventJson.defaultMapper(), null, Map.of()));
  }

  private static String errorOf(String payload) {
    return errorOf("CustomerUpdated", payload);
  }

  private static String errorOf(String type, String payload) {
    try {
      read(type, payload);
    } catch (PermanentEventException e) {
      assertThat(e.getCause()).as("no Jackson cause repeating it in Java terms").isNull();
      return e.getMessage();
    }
    throw new AssertionError("no failure for " + payload);
  }

  @Test
  void a_payload_that_fits_is_read() {
    assertThat(read("CustomerUpdated", customer()).event())
        .isInstanceOfSatisfying(
            CustomerUpdated.class,
            u -> assertThat(u.customer().creditLimit()).isEqualByComparingTo("1500.50"));
  }

  @Test
  void a_value_of_the_wrong_kind_names_the_field_what_it_expected_and_what_it_got() {
    assertThat(errorOf(customer("1500.50", "\"lots\"")))
        .isEqualTo(
            SUBJECT + "field customer.creditLimit: expected a number, got the string \"lots\"");
    assertThat(errorOf(customer("1500.50", "{\"amount\":1}")))
        .isEqualTo(SUBJECT + "field customer.creditLimit: expected a number, got an object");
    assertThat(errorOf(customer("\"version\":7", "\"version\":\"seven\"")))
        .isEqualTo(
            SUBJECT + "field customer.version: expected a whole number, got the string \"seven\"");
    assertThat(errorOf(customer("\"Ada King\"", "{\"first\":\"Ada\"}")))
        .isEqualTo(SUBJECT + "field customer.name: expected a string, got an object");
    assertThat(errorOf(customer("1500.50", "false")))
        .isEqualTo(SUBJECT + "field customer.creditLimit: expected a number, got false");
    assertThat(errorOf("{\"customer\":[1,2]}"))
        .isEqualTo(SUBJECT + "field customer: expected an object, got an array");
  }

  @Test
  void a_string_that_does_not_parse_as_its_type_says_the_expected_form() {
    assertThat(errorOf(customer(CUSTOMER_ID + "\",\"name", "nope\",\"name")))
        .isEqualTo(SUBJECT + "field customer.id: expected a UUID, got the string \"nope\"");
    assertThat(errorOf(customer("2026-11-26T13:00:00Z", "yesterday")))
        .isEqualTo(
            SUBJECT
                + "field customer.createdAt: expected a timestamp such as 2026-11-26T13:05:00Z,"
                + " got the string \"yesterday\"");
    assertThat(errorOf(customer("\"GOLD\"", "\"PLATINUM\"")))
        .isEqualTo(
            SUBJECT
                + "field customer.tier: expected one of GOLD, SILVER, got the string \"PLATINUM\"");
  }

  @Test
  void an_element_of_an_array_is_named_by_its_index() {
    assertThat(errorOf(customer("[\"vip\"]", "[\"vip\",{}]")))
        .isEqualTo(SUBJECT + "field customer.tags[1]: expected a string, got an object");
  }

  @Test
  void a_missing_or_null_required_field_is_named() {
    assertThat(errorOf(customer("\"email\":\"ada@example.com\",", "")))
        .isEqualTo(SUBJECT + "field customer.email: missing (required)");
    assertThat(errorOf(customer("\"ada@example.com\"", "null")))
        .isEqualTo(SUBJECT + "field customer.email: null (required)");
    assertThat(errorOf(customer("\"version\":7,", "")))
        .isEqualTo(SUBJECT + "field customer.version: missing (required)");
    assertThat(errorOf(customer("\"version\":7", "\"version\":null")))
        .isEqualTo(SUBJECT + "field customer.version: expected a whole number, got null");
    assertThat(errorOf("{\"client\":{}}"))
        .isEqualTo(SUBJECT + "field customer: missing (required)");
  }

  @Test
  void long_values_are_quoted_shortened() {
    String error = errorOf(customer("1500.50", "\"" + "x".repeat(100) + "\""));

    assertThat(error).endsWith("got the string \"" + "x".repeat(40) + "\u2026\"");
  }

  @Test
  void malformed_json_says_where_it_breaks() {
    assertThat(errorOf("{\"customer\":\n  {\"name\": }}"))
        .startsWith(SUBJECT + "not valid JSON: Unexpected character ('}' (code 125))")
        .endsWith(" at line 2, column 12");
  }

  @Test
  void a_payload_that_is_not_an_object_or_is_absent_says_so() {
    assertThat(errorOf("[1]")).isEqualTo(SUBJECT + "not a JSON object but an array");
    assertThat(errorOf("\"text\""))
        .isEqualTo(SUBJECT + "not a JSON object but the string \"text\"");
    assertThat(errorOf("")).isEqualTo(SUBJECT + "empty");
    assertThat(errorOf(null)).isEqualTo(SUBJECT + "none (the record's value is null)");
  }

  @Test
  void an_unknown_event_type_lists_the_known_ones() {
    assertThatThrownBy(() -> read("CustomerMerged", customer()))
        .isInstanceOf(PermanentEventException.class)
        .hasMessage(
            "unknown event type 'CustomerMerged' (customer "
                + CUSTOMER_ID
                + ", version 7; known: CustomerUpdated, CustomerCreated)");
  }
}
