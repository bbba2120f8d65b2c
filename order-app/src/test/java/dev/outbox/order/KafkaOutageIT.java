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
 * order-app while Kafka is away: it keeps serving from its replica (the point of the pattern), and
 * its /health says the consumer is DISCONNECTED, since when, and how old its view is. It stops the
 * stack's broker, so it runs in the Failsafe execution of the outage tests (see the pom).
 */
@ExtendWith(OutboxStackExtension.class)
class KafkaOutageIT {

  private static final Duration OUTAGE_NOTICED = Duration.ofMinutes(2);

  @Test
  void without_kafka_the_app_serves_from_its_replica_and_health_reports_the_consumer_disconnected(
      OutboxStack stack) {
    ServerControl kafka = stack.kafkaControl().orElseThrow();
    try (OrderAppFixture fixture = OrderAppFixture.start(stack)) {
      UUID customer = fixture.knownCustomer();
      String order =
          "{\"customerId\":\""
              + customer
              + "\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}";
      JsonNode before = consumer(fixture.get("/health"));
      assertThat(before.get("status").asText()).isEqualTo("UP");
      assertThat(before.has("newestEventAt")).isTrue();
      Instant stopped = Instant.now();

      kafka.stop();
      try {
        await()
            .atMost(OUTAGE_NOTICED)
            .until(
                () -> consumer(fixture.get("/health")).get("status").asText(),
                "DISCONNECTED"::equals);
        HttpResponse<String> health = fixture.get("/health");
        assertThat(health.statusCode()).as("the app still serves").isEqualTo(200);
        assertThat(HttpTestClient.json(health).get("status").asText()).isEqualTo("DEGRADED");
        JsonNode disconnected = consumer(health);
        assertThat(Instant.parse(disconnected.get("since").asText()))
            .isAfterOrEqualTo(stopped.minusSeconds(1));
        assertThat(disconnected.get("reason").asText()).isNotBlank();
        assertThat(disconnected.get("viewAgeSeconds").asDouble()).isPositive();

        // Orders are still validated against the local replica and accepted.
        HttpResponse<String> placed = fixture.post("/orders", order);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
      } finally {
        kafka.start();
      }

      await()
          .atMost(OUTAGE_NOTICED)
          .until(() -> consumer(fixture.get("/health")).get("status").asText(), "UP"::equals);
      assertThat(fixture.get("/health").statusCode()).isEqualTo(200);
      // The consumer carried on by itself: a customer published now reaches the replica.
      fixture.knownCustomer();
    }
  }

  private static JsonNode consumer(HttpResponse<String> health) {
    return HttpTestClient.json(health).get("checks").get("consumer");
  }
}
