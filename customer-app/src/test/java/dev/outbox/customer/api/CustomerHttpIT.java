package dev.outbox.customer.api;

import static dev.outbox.customer.store.jooq.Tables.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.client.event.EventJson;
import dev.outbox.customer.CustomerAppFixture;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OutboxStackExtension.class)
class CustomerHttpIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static CustomerAppFixture fixture;

  @BeforeAll
  static void start(OutboxStack stack) {
    fixture = CustomerAppFixture.start(stack, 2);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void create_writes_the_customer_row_and_its_CustomerCreated_event_together() throws Exception {
    HttpResponse<String> response = create("Ada Lovelace", "1000.00");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(response.body());
    UUID id = UUID.fromString(body.get("id").asText());
    assertThat(body.get("version").asLong()).isEqualTo(1);
    assertThat(response.headers().firstValue("Location")).hasValue("/customers/" + id);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");

    var row = fixture.sql().selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).fetchSingle();
    assertThat(row.getName()).isEqualTo("Ada Lovelace");
    assertThat(row.getCreditLimit()).isEqualByComparingTo("1000.00");
    assertThat(row.getVersion()).isEqualTo(1);

    List<Record> events = outboxOf(id);
    assertThat(events).hasSize(1);
    Record event = events.get(0);
    assertThat(event.get("event_type", String.class)).isEqualTo("CustomerCreated");
    assertThat(event.get("aggregate_type", String.class)).isEqualTo("customer");
    assertThat(event.get("aggregate_version", Long.class)).isEqualTo(1L);
    assertThat(event.get("schema_version", Integer.class)).isEqualTo(2);
    // The event carries the full state, exactly as the API shows it, and (v2) the address parsed.
    JsonNode state = JSON.readTree(event.get("payload", String.class)).get("customer");
    assertThat(state.get("postalAddress"))
        .isEqualTo(JSON.readTree("{\"street\": \"1 Main Street\", \"city\": \"Springfield\"}"));
    assertThat(withoutPostalAddress(state)).isEqualTo(body);
  }

  @Test
  void update_with_the_version_read_writes_the_next_version_and_CustomerUpdated() throws Exception {
    UUID id = idOf(create("Grace Hopper", "500.00"));

    HttpResponse<String> response =
        fixture.send(
            "PUT",
            "/customers/" + id,
            details("Grace Brewster Hopper", "750.50"),
            "If-Match",
            "\"1\"");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("version").asLong()).isEqualTo(2);
    assertThat(body.get("name").asText()).isEqualTo("Grace Brewster Hopper");
    assertThat(new BigDecimal(body.get("creditLimit").asText())).isEqualByComparingTo("750.50");
    assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
    List<Record> events = outboxOf(id);
    assertThat(events)
        .extracting(r -> r.get("event_type", String.class))
        .containsExactly("CustomerCreated", "CustomerUpdated");
    assertThat(withoutPostalAddress(stateOf(events.get(1)))).isEqualTo(body);
  }

  @Test
  void update_without_a_version_applies_to_the_current_one() throws Exception {
    UUID id = idOf(create("Barbara Liskov", "10.00"));

    HttpResponse<String> response =
        fixture.send("PUT", "/customers/" + id, details("Barbara Liskov", "20.00"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("version").asLong()).isEqualTo(2);
  }

  @Test
  void update_with_a_stale_version_is_a_409_conflict_and_writes_nothing() throws Exception {
    UUID id = idOf(create("Edsger Dijkstra", "300.00"));
    assertThat(
            fixture
                .send("PUT", "/customers/" + id, details("E. W. Dijkstra", "300.00"))
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> byHeader =
        fixture.send("PUT", "/customers/" + id, details("Stale Name", "1.00"), "If-Match", "\"1\"");
    HttpResponse<String> byBody =
        fixture.send(
            "PUT",
            "/customers/" + id,
            "{\"name\":\"Stale\",\"email\":\"s@example.com\",\"address\":\"x\",\"creditLimit\":1,"
                + "\"version\":1}");

    for (HttpResponse<String> response : List.of(byHeader, byBody)) {
      assertThat(response.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(response.body()).get("error").asText())
          .contains("is at version 2, not 1");
    }
    assertThat(fixture.sql().selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).fetchSingle())
        .satisfies(
            row -> {
              assertThat(row.getVersion()).isEqualTo(2);
              assertThat(row.getName()).isEqualTo("E. W. Dijkstra");
            });
    assertThat(outboxOf(id)).hasSize(2);
  }

  @Test
  void delete_marks_the_customer_deleted_and_emits_CustomerDeleted() throws Exception {
    UUID id = idOf(create("Alan Turing", "100.00"));

    HttpResponse<String> response =
        fixture.send("DELETE", "/customers/" + id, null, "If-Match", "1");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("version").asLong()).isEqualTo(2);
    assertThat(body.get("deletedAt").isNull()).isFalse();
    assertThat(
            fixture
                .sql()
                .select(CUSTOMER.DELETED_AT)
                .from(CUSTOMER)
                .where(CUSTOMER.ID.eq(id))
                .fetchSingle()
                .value1())
        .isNotNull();
    List<Record> events = outboxOf(id);
    assertThat(events)
        .extracting(r -> r.get("event_type", String.class))
        .containsExactly("CustomerCreated", "CustomerDeleted");
    assertThat(withoutPostalAddress(stateOf(events.get(1)))).isEqualTo(body);
    // Still readable, as deleted.
    HttpResponse<String> read = fixture.get("/customers/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body())).isEqualTo(body);
  }

  @Test
  void a_deleted_customer_can_be_neither_updated_nor_deleted_again() throws Exception {
    UUID id = idOf(create("Kurt Goedel", "100.00"));
    assertThat(fixture.send("DELETE", "/customers/" + id, null).statusCode()).isEqualTo(200);

    HttpResponse<String> update = fixture.send("PUT", "/customers/" + id, details("Kurt", "1.00"));
    HttpResponse<String> delete = fixture.send("DELETE", "/customers/" + id, null);

    assertThat(update.statusCode()).isEqualTo(409);
    assertThat(update.body()).contains("is deleted");
    assertThat(delete.statusCode()).isEqualTo(409);
    assertThat(outboxOf(id)).hasSize(2);
  }

  @Test
  void an_unknown_customer_is_404_for_get_put_and_delete() {
    UUID unknown = UUID.randomUUID();
    int outboxBefore = fixture.count("outbox");

    assertThat(fixture.get("/customers/" + unknown).statusCode()).isEqualTo(404);
    assertThat(fixture.send("PUT", "/customers/" + unknown, details("X", "1")).statusCode())
        .isEqualTo(404);
    HttpResponse<String> delete = fixture.send("DELETE", "/customers/" + unknown, null);
    assertThat(delete.statusCode()).isEqualTo(404);
    assertThat(delete.body()).contains("customer " + unknown + " does not exist");
    assertThat(fixture.count("outbox")).isEqualTo(outboxBefore);
  }

  @Test
  void the_request_traceparent_is_stored_with_the_event() throws Exception {
    String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    HttpResponse<String> response =
        fixture.send(
            "POST", "/customers", details("Traced Person", "5.00"), "traceparent", traceParent);

    UUID id = idOf(response);
    assertThat(
            fixture
                .sql()
                .select(DSL.field("trace_parent", String.class))
                .from("outbox")
                .where(DSL.field("aggregate_id").eq(id.toString()))
                .fetchSingle()
                .value1())
        .isEqualTo(traceParent);
  }

  @Test
  void text_comes_back_exactly_as_sent_from_the_api_and_in_the_event() throws Exception {
    // Outside the basic plane, a combining accent, a non-character, a control character and
    // whitespace at both ends: nothing is trimmed, normalised or replaced.
    String name = "  Ada \uD83D\uDE00 Cafe\u0301 \uFFFF\u0007  ";
    String address = "\t1 Rue de l'\u00c9cole\n2nd floor ";
    String body =
        JSON.writeValueAsString(
            java.util.Map.of(
                "name", name, "email", "ada@example.com", "address", address, "creditLimit", 1));

    HttpResponse<String> created = fixture.post("/customers", body);

    UUID id = idOf(created);
    JsonNode read = JSON.readTree(fixture.get("/customers/" + id).body());
    assertThat(read.get("name").textValue()).isEqualTo(name);
    assertThat(read.get("address").textValue()).isEqualTo(address);
    var row = fixture.sql().selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).fetchSingle();
    assertThat(row.getName()).isEqualTo(name);
    JsonNode event = JSON.readTree(outboxOf(id).get(0).get("payload", String.class));
    assertThat(event.get("customer").get("name").textValue()).isEqualTo(name);
    assertThat(event.get("customer").get("address").textValue()).isEqualTo(address);
    // Parsed from the line as sent: no comma, so all street, trimmed of the tab and the space.
    assertThat(event.get("customer").get("postalAddress"))
        .isEqualTo(
            JSON.createObjectNode()
                .put("street", "1 Rue de l'\u00c9cole\n2nd floor")
                .putNull("city"));
  }

  @Test
  void get_shows_the_current_state_with_its_version_as_etag() throws Exception {
    HttpResponse<String> created = create("Donald Knuth", "42.00");

    HttpResponse<String> read = fixture.get("/customers/" + idOf(created));

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body())).isEqualTo(JSON.readTree(created.body()));
    assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
  }

  @Test
  void unsupported_methods_and_paths_get_json_errors() {
    HttpResponse<String> list = fixture.get("/customers");
    assertThat(list.statusCode()).isEqualTo(405);
    assertThat(list.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(list.body()).contains("\"error\"");
    HttpResponse<String> nowhere = fixture.get("/nowhere");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.body()).contains("\"error\"");
  }

  @Test
  void health_is_up_when_ready_and_metrics_are_prometheus_text() {
    HttpResponse<String> health = fixture.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"status\":\"UP\"")
        .contains("\"database\":{\"status\":\"UP\"}");

    create("Metrics Probe", "1.00");
    HttpResponse<String> metrics = fixture.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("http_server_requests_seconds_count{")
        .contains("route=\"/customers\"")
        .contains("hikaricp_connections");
  }

  private static HttpResponse<String> create(String name, String creditLimit) {
    return fixture.post("/customers", details(name, creditLimit));
  }

  private static String details(String name, String creditLimit) {
    return "{\"name\":\""
        + name
        + "\",\"email\":\""
        + name.toLowerCase().replaceAll("[^a-z]", "")
        + "@example.com\",\"address\":\"1 Main Street, Springfield\",\"creditLimit\":"
        + creditLimit
        + "}";
  }

  private static UUID idOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    try {
      return UUID.fromString(JSON.readTree(response.body()).get("id").asText());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The customer state an outbox row's payload carries. */
  private static JsonNode stateOf(Record event) {
    try {
      return JSON.readTree(event.get("payload", String.class)).get("customer");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** An event's state as the API shows it: all but the postal address (schema v2). */
  private static JsonNode withoutPostalAddress(JsonNode state) {
    ObjectNode copy = state.deepCopy();
    assertThat(copy.remove("postalAddress")).as("postalAddress in %s", state).isNotNull();
    return copy;
  }

  private static List<Record> outboxOf(UUID id) {
    return fixture
        .sql()
        .select(
            DSL.field("event_type"),
            DSL.field("aggregate_type"),
            DSL.field("aggregate_version"),
            DSL.field("schema_version"),
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
