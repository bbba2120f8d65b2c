package dev.outbox.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.stack.ServerControl;
import dev.outbox.testing.HttpTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * order-app while its PostgreSQL is stopped and after it starts again. It stops the stack's server,
 * so it runs in a Failsafe execution of its own (its own JVM and stack): see the pom.
 */
@ExtendWith(OutboxStackExtension.class)
class DatabaseOutageIT {

  @Test
  void while_the_database_is_away_orders_are_answered_503_and_health_says_why_then_it_recovers(
      OutboxStack stack) {
    ServerControl postgres = stack.postgresControl().orElseThrow();
    try (OrderAppFixture fixture = OrderAppFixture.start(stack)) {
      UUID customer = fixture.knownCustomer();
      String order =
          "{\"customerId\":\""
              + customer
              + "\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}";
      assertThat(fixture.post("/orders", order).statusCode()).isEqualTo(201);
      int orders = fixture.count("purchase_order");
      int events = fixture.count("outbox");
      Instant stopped = Instant.now();

      postgres.stop();
      try {
        HttpResponse<String> place = fixture.post("/orders", order);
        assertThat(place.statusCode()).as(place.body()).isEqualTo(503);
        assertThat(place.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(place.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(HttpTestClient.json(place).get("error").asText())
            .isEqualTo("order-app's database is unavailable; try again shortly");

        HttpResponse<String> health = fixture.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode database = HttpTestClient.json(health).get("checks").get("database");
        assertThat(database.get("status").asText()).isEqualTo("DOWN");
        assertThat(Instant.parse(database.get("since").asText())).isAfterOrEqualTo(stopped);
        assertThat(database.get("reason").asText()).isNotBlank();
      } finally {
        postgres.start();
      }

      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> fixture.post("/orders", order).statusCode() == 201);
      assertThat(fixture.get("/health").statusCode()).isEqualTo(200);
      // The 503 wrote nothing: the one order more is the POST that succeeded after.
      assertThat(fixture.count("purchase_order")).isEqualTo(orders + 1);
      assertThat(fixture.count("outbox")).isEqualTo(events + 1);
      // The consumer carried on by itself: a customer published now reaches the replica.
      fixture.knownCustomer();
    }
  }
}
