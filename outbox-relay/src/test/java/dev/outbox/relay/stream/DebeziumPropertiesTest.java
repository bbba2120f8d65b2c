package dev.outbox.relay.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.relay.config.RelayConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.base.QueueProvider;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The engine's settings, as Debezium's own configuration reads them. */
class DebeziumPropertiesTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DB_URL", "jdbc:postgresql://db.internal:6543/customers");
    env.put("RELAY_DB_USER", "customer_relay");
    env.put("RELAY_DB_PASSWORD", "s3cret");
    env.put("RELAY_KAFKA_BOOTSTRAP", "kafka:9092");
    return env;
  }

  private static PostgresConnectorConfig debezium(Map<String, String> env) {
    return new PostgresConnectorConfig(
        Configuration.from(DebeziumProperties.of(RelayConfig.fromEnvironment(env))));
  }

  @Test
  void the_engine_runs_the_relay_s_task_with_the_queue_that_wakes_it() {
    Configuration config =
        Configuration.from(DebeziumProperties.of(RelayConfig.fromEnvironment(minimal())));

    assertThat(config.getString("connector.class"))
        .isEqualTo(OutboxPostgresConnector.class.getName());
    assertThat(new OutboxPostgresConnector().taskClass()).isEqualTo(OutboxPostgresTask.class);
    assertThat(debezium(minimal()).getQueueProviderType()).isEqualTo(SignallingQueue.TYPE);
    // Debezium finds queue providers by name through their service files.
    assertThat(ServiceLoader.load(QueueProvider.class).stream().map(p -> p.get().name()))
        .containsOnlyOnce(SignallingQueue.TYPE);
  }

  @Test
  void debezium_keeps_no_latency_statistics_of_its_own() {
    assertThat(debezium(minimal()).isStatisticsMetricsEnabled()).isFalse();
  }

  @Test
  void the_poll_interval_is_debezium_s() {
    Map<String, String> env = minimal();
    env.put("RELAY_POLL_INTERVAL", "7ms");

    assertThat(debezium(env).getPollInterval()).isEqualTo(Duration.ofMillis(7));
  }
}
