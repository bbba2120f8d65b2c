package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.metrics.RelayMetrics;
import dev.outbox.relay.position.SlotMonitor;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The slot's gauges that dashboards and alerts read: lag in bytes and in time, WAL retained and
 * heartbeat age, while the relay streams (caught up, heartbeat fresh) and once it has stopped with
 * an event behind (lagging in bytes and time, heartbeat getting old).
 */
@ExtendWith(OutboxStackExtension.class)
class SlotMetricsIT {

  private final OutboxStack stack;
  private final RelayFixture fixture;

  SlotMetricsIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  void a_streaming_relay_is_caught_up_and_a_stopped_one_shows_its_lag_and_an_aging_heartbeat() {
    String type = "slotmetrics" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("slotmetrics"));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    try (Relay relay = fixture.startStreaming(env, registry);
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      fixture.writer().commit(List.of(OutboxRow.of(type, "s-1", 1)));
      reader.awaitAtLeast(1, Duration.ofSeconds(60));

      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> {
                assertThat(gauge(registry, "outbox.relay.lag")).isZero();
                assertThat(gauge(registry, "outbox.relay.heartbeat.age")).isBetween(0.0, 30.0);
                assertThat(gauge(registry, "outbox.relay.wal.retained"))
                    .isGreaterThanOrEqualTo(gauge(registry, "outbox.relay.slot.lag"))
                    .isGreaterThanOrEqualTo(0);
              });
      assertThat(registry.scrape())
          .contains(
              "outbox_relay_lag_seconds ",
              "outbox_relay_wal_retained_bytes ",
              "outbox_relay_heartbeat_age_seconds ",
              "outbox_relay_slot_lag_bytes ");
    }

    // Stopped, with an event committed behind it: sampled as a standby would sample it. The row
    // occurred after the last stored position (the relay's last heartbeat, before it stopped).
    Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    fixture
        .writer()
        .commit(
            List.of(
                new OutboxRow(
                    UUID.randomUUID(), type, "s-2", 1, "TestHappened", 1, "{}", occurredAt, null)));
    SimpleMeterRegistry sampled = new SimpleMeterRegistry();
    try (SlotMonitor monitor =
        new SlotMonitor(
            RelayConfig.fromEnvironment(env).db(),
            env.get("RELAY_SLOT"),
            new RelayHealth(),
            new RelayMetrics(sampled, Clock.systemUTC()))) {
      monitor.run();
      assertThat(gauge(sampled, "outbox.relay.slot.lag")).isPositive();
      assertThat(gauge(sampled, "outbox.relay.wal.retained"))
          .isGreaterThanOrEqualTo(gauge(sampled, "outbox.relay.slot.lag"));
      double heartbeat = gauge(sampled, "outbox.relay.heartbeat.age");
      assertThat(heartbeat).isGreaterThanOrEqualTo(0);
      // Both grow while nothing relays: the event waits, no heartbeat is written.
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                monitor.run();
                return gauge(sampled, "outbox.relay.lag") >= 1.0
                    && gauge(sampled, "outbox.relay.heartbeat.age") > heartbeat + 1;
              });
    }
  }
}
