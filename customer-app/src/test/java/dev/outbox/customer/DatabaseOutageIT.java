package dev.outbox.customer;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * customer-app while its PostgreSQL is stopped and after it starts again. It stops the stack's
 * server, so it runs in a Failsafe execution of its own (its own JVM and stack): see the pom.
 */
@ExtendWith(OutboxStackExtension.class)
class DatabaseOutageIT {

  private static final String CUSTOMER =
      "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"x\",\"creditLimit\":10}";

  @Test
  void while_the_database_is_away_the_api_answers_503_and_health_says_why_then_it_recovers(
      OutboxStack stack) {
    ServerControl postgres = stack.postgresControl().orElseThrow();
    try (CustomerAppFixture fixture = CustomerAppFixture.start(stack, 2)) {
      HttpResponse<String> before = fixture.post("/customers", CUSTOMER);
      assertThat(before.statusCode()).as(before.body()).isEqualTo(201);
      String path = "/customers/" + HttpTestClient.json(before).get("id").asText();
      int customers = fixture.count("customer");
      fixture.awaitHealthUp();
      Instant stopped = Instant.now();

      postgres.stop();
      try {
        HttpResponse<String> create = fixture.post("/customers", CUSTOMER);
        assertThat(create.statusCode()).as(create.body()).isEqualTo(503);
        assertThat(create.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(create.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(HttpTestClient.json(create).get("error").asText())
            .isEqualTo("customer-app's database is unavailable; try again shortly");
        assertThat(fixture.get(path).statusCode()).isEqualTo(503);
        assertThat(fixture.get("/dead-letters").statusCode()).isEqualTo(503);

        HttpResponse<String> health = fixture.get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode report = HttpTestClient.json(health);
        assertThat(report.get("status").asText()).isEqualTo("DOWN");
        JsonNode database = report.get("checks").get("database");
        assertThat(database.get("status").asText()).isEqualTo("DOWN");
        assertThat(Instant.parse(database.get("since").asText())).isAfterOrEqualTo(stopped);
        assertThat(database.get("reason").asText()).isNotBlank();
        assertThat(report.get("checks").get("consumer").get("status").asText()).isEqualTo("UP");
      } finally {
        postgres.start();
      }

      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> fixture.post("/customers", CUSTOMER).statusCode() == 201);
      HttpResponse<String> health = fixture.get("/health");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(HttpTestClient.json(health).get("status").asText()).isEqualTo("UP");
      assertThat(fixture.get(path).statusCode()).isEqualTo(200);
      // The 503s wrote nothing: the one customer more is the POST that succeeded after.
      assertThat(fixture.count("customer")).isEqualTo(customers + 1);
    }
  }
}
