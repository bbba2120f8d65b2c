package dev.outbox.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OutboxStackExtension.class)
class HealthIT {

  @Test
  void health_answers_503_naming_the_part_that_is_down_once_the_consumer_stops(OutboxStack stack) {
    try (CustomerAppFixture fixture = CustomerAppFixture.start(stack, 2)) {
      assertThat(fixture.get("/health").statusCode()).isEqualTo(200);

      fixture.app().orderConsumer().close();

      HttpResponse<String> health = fixture.get("/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body())
          .contains("\"status\":\"DOWN\"")
          .contains("\"consumer\":\"DOWN\"")
          .contains("\"database\":\"UP\"");
    }
  }
}
