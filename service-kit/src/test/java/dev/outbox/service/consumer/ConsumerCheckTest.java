package dev.outbox.service.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.client.consume.ConsumerHealth;
import dev.outbox.service.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The {@code consumer} entry of {@code /health} from a consumer's health: the partitions it holds
 * (a contract {@code bin/outbox status} reads) and its status.
 */
class ConsumerCheckTest {

  private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
  private static final Instant ASSIGNED = Instant.parse("2026-12-02T14:59:30Z");

  private final AtomicReference<ConsumerHealth> health = new AtomicReference<>();
  private final ConsumerCheck check =
      new ConsumerCheck(
          "order-app.customer-replica",
          Set.of("customer.events"),
          health::get,
          Duration.ofMillis(1500),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static ConsumerHealth running(List<String> partitions, Instant assignedAt) {
    return new ConsumerHealth(true, true, null, null, null, null, partitions, assignedAt);
  }

  @Test
  void a_consumer_holding_partitions_lists_them_and_since_when() {
    health.set(running(List.of("customer.events-0", "customer.events-2"), ASSIGNED));

    HealthCheck.Result result = check.check();

    assertThat(result.status()).isEqualTo(HealthCheck.Status.UP);
    assertThat(result.details())
        .containsEntry("name", "order-app.customer-replica")
        .containsEntry("topics", List.of("customer.events"))
        .containsEntry("partitions", List.of("customer.events-0", "customer.events-2"))
        .containsEntry("assignedAt", ASSIGNED)
        .containsEntry("freshnessObjectiveSeconds", 1.5);
  }

  @Test
  void a_running_connected_consumer_that_holds_no_partition_is_up_and_says_partitions_empty() {
    health.set(running(List.of(), ASSIGNED));

    HealthCheck.Result result = check.check();

    assertThat(result.status()).isEqualTo(HealthCheck.Status.UP);
    assertThat(result.details())
        .containsEntry("partitions", List.of())
        .containsEntry("assignedAt", ASSIGNED);
  }

  @Test
  void before_it_joined_its_group_it_holds_nothing_and_has_no_assigned_at() {
    health.set(running(List.of(), null));

    HealthCheck.Result result = check.check();

    assertThat(result.details()).containsEntry("partitions", List.of());
    assertThat(result.details()).doesNotContainKey("assignedAt");
  }

  @Test
  void a_stopped_consumer_is_down_holding_nothing() {
    health.set(
        new ConsumerHealth(
            false, false, NOW.minusSeconds(5), "closed", null, null, List.of(), ASSIGNED));

    HealthCheck.Result result = check.check();

    assertThat(result.status()).isEqualTo(HealthCheck.Status.DOWN);
    assertThat(result.reason())
        .contains("consumer order-app.customer-replica is not running (closed)");
    assertThat(result.details()).containsEntry("partitions", List.of());
  }
}
