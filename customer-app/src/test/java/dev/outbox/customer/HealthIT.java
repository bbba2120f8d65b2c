package dev.outbox.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.testing.HttpTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OutboxStackExtension.class)
class HealthIT {

  @Test
  void health_reports_each_check_and_answers_503_naming_the_consumer_once_it_stops(
      OutboxStack stack) {
    try (CustomerAppFixture fixture = CustomerAppFixture.start(stack, 2)) {
      JsonNode ready = fixture.awaitHealthUp();
      assertThat(ready.get("checks").get("database").get("status").asText()).isEqualTo("UP");
      assertThat(ready.get("checks").get("consumer").get("status").asText()).isEqualTo("UP");
      assertThat(ready.get("checks").get("consumer").get("name").asText())
          .isEqualTo(fixture.consumerName());
      assertThat(ready.get("checks").get("consumer").get("topics").toString())
          .isEqualTo(
              java.util.stream.Stream.of("outbox.backfill.events", fixture.topic())
                  .sorted()
                  .map(t -> "\"" + t + "\"")
                  .collect(java.util.stream.Collectors.joining(",", "[", "]")));
      // The one instance holds every partition of its topics, once its group's first rebalance is
      // done; /health lists them as "<topic>-<partition>" with the time they were assigned.
      JsonNode held =
          await()
              .atMost(Duration.ofMinutes(2))
              .until(
                  () -> HttpTestClient.json(fixture.get("/health")).get("checks").get("consumer"),
                  c -> c.get("partitions").size() > 0);
      assertThat(held.get("partitions"))
          .allSatisfy(
              p ->
                  assertThat(p.asText())
                      .matches(
                          "("
                              + Pattern.quote("outbox.backfill.events")
                              + "|"
                              + Pattern.quote(fixture.topic())
                              + ")-[0-9]+"));
      assertThat(Instant.parse(held.get("assignedAt").asText())).isBeforeOrEqualTo(Instant.now());
      Instant stopped = Instant.now();

      fixture.app().orderConsumer().close();

      HttpResponse<String> down = fixture.get("/health");
      assertThat(down.statusCode()).isEqualTo(503);
      JsonNode health = HttpTestClient.json(down);
      assertThat(health.get("status").asText()).isEqualTo("DOWN");
      assertThat(health.get("checks").get("database").get("status").asText()).isEqualTo("UP");
      JsonNode consumer = health.get("checks").get("consumer");
      assertThat(consumer.get("status").asText()).isEqualTo("DOWN");
      assertThat(consumer.get("reason").asText())
          .startsWith("consumer " + fixture.consumerName() + " is not running");
      assertThat(Instant.parse(consumer.get("since").asText())).isAfterOrEqualTo(stopped);
      assertThat(consumer.get("partitions").isArray()).isTrue();
      assertThat(consumer.get("partitions")).isEmpty();
    }
  }
}
