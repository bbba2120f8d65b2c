package dev.outbox.order.api;

import static dev.outbox.order.store.jooq.Tables.ORDER_LINE;
import static dev.outbox.order.store.jooq.Tables.PURCHASE_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventJson;
import dev.outbox.order.OrderAppFixture;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OutboxStackExtension.class)
class OrderHttpIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
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
  void an_order_for_a_known_customer_is_written_PENDING_with_its_OrderPlaced_event()
      throws Exception {
    UUID customer = fixture.knownCustomer();

    HttpResponse<String> response = fixture.post("/orders", order(customer));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(response.body());
    UUID id = UUID.fromString(body.get("id").asText());
    assertThat(body.get("status").asText()).isEqualTo("PENDING");
    assertThat(body.get("total").decimalValue()).isEqualByComparingTo("250.00");
    assertThat(body.get("version").asLong()).isEqualTo(1);
    assertThat(response.headers().firstValue("Location")).hasValue("/orders/" + id);

    var row =
        fixture.sql().selectFrom(PURCHASE_ORDER).where(PURCHASE_ORDER.ID.eq(id)).fetchSingle();
    assertThat(row.getStatus()).isEqualTo("PENDING");
    assertThat(row.getCustomerId()).isEqualTo(customer);
    assertThat(row.getTotal()).isEqualByComparingTo("250.00");
    assertThat(fixture.sql().fetchCount(ORDER_LINE, ORDER_LINE.ORDER_ID.eq(id))).isEqualTo(2);

    Record event =
        fixture
            .sql()
            .select(
                DSL.field("event_type"),
                DSL.field("aggregate_type"),
                DSL.field("aggregate_version"),
                DSL.field("payload::text").as("payload"))
            .from("outbox")
            .where(DSL.field("aggregate_id").eq(id.toString()))
            .fetchSingle();
    assertThat(event.get("event_type", String.class)).isEqualTo("OrderPlaced");
    assertThat(event.get("aggregate_type", String.class)).isEqualTo("order");
    assertThat(event.get("aggregate_version", Long.class)).isEqualTo(1L);
    JsonNode payload = JSON.readTree(event.get("payload", String.class));
    assertThat(payload.get("orderId").asText()).isEqualTo(id.toString());
    assertThat(payload.get("customerId").asText()).isEqualTo(customer.toString());
    assertThat(payload.get("status").asText()).isEqualTo("PENDING");
    assertThat(payload.get("total").decimalValue()).isEqualByComparingTo("250.00");
    assertThat(payload.get("lines")).isEqualTo(body.get("lines"));
    assertThat(payload.get("placedAt")).isEqualTo(body.get("createdAt"));
  }

  @Test
  void an_order_for_a_customer_the_replica_does_not_know_is_422_and_writes_nothing() {
    UUID unknown = UUID.randomUUID();
    int orders = fixture.count("purchase_order");
    int events = fixture.count("outbox");

    HttpResponse<String> response = fixture.post("/orders", order(unknown));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body())
        .contains("\"error\"")
        .contains("customer " + unknown + " is not known to order-app");
    assertThat(fixture.count("purchase_order")).isEqualTo(orders);
    assertThat(fixture.count("outbox")).isEqualTo(events);
  }

  @Test
  void an_order_for_a_deleted_customer_is_422_and_writes_nothing() {
    UUID deleted = fixture.deletedCustomer();
    int orders = fixture.count("purchase_order");
    int events = fixture.count("outbox");

    HttpResponse<String> response = fixture.post("/orders", order(deleted));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("customer " + deleted + " is deleted");
    assertThat(fixture.count("purchase_order")).isEqualTo(orders);
    assertThat(fixture.count("outbox")).isEqualTo(events);
  }

  @Test
  void get_shows_the_order_with_its_lines_and_an_unknown_one_is_404() throws Exception {
    UUID customer = fixture.knownCustomer();
    HttpResponse<String> placed = fixture.post("/orders", order(customer));
    String id = JSON.readTree(placed.body()).get("id").asText();

    HttpResponse<String> read = fixture.get("/orders/" + id);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body())).isEqualTo(JSON.readTree(placed.body()));
    assertThat(JSON.readTree(read.body()).get("lines").get(1).get("sku").asText())
        .isEqualTo("PEN-042");
    HttpResponse<String> unknown = fixture.get("/orders/" + UUID.randomUUID());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("does not exist");
  }

  @Test
  void health_is_up_when_ready_and_metrics_are_prometheus_text() {
    HttpResponse<String> health = fixture.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .startsWith("{\"status\":\"UP\",\"checks\":{")
        .contains("\"database\":{\"status\":\"UP\"}")
        .contains("\"consumer\":{\"status\":\"UP\"");

    fixture.post("/orders", order(UUID.randomUUID()));
    HttpResponse<String> metrics = fixture.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("http_server_requests_seconds_count{")
        .contains("status=\"422\"")
        .contains("outbox_consumer");
  }

  private static String order(UUID customer) {
    return "{\"customerId\":\""
        + customer
        + "\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":2,\"unitPrice\":100.00},"
        + "{\"sku\":\"PEN-042\",\"quantity\":5,\"unitPrice\":10}]}";
  }
}
