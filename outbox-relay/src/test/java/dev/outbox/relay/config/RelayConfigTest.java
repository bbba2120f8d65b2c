package dev.outbox.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DB_URL", "jdbc:postgresql://db.internal:6543/customers?sslmode=require");
    env.put("RELAY_DB_USER", "customer_relay");
    env.put("RELAY_DB_PASSWORD", "s3cret");
    env.put("RELAY_KAFKA_BOOTSTRAP", "kafka:9092");
    return env;
  }

  @Test
  void minimal_environment_gets_the_documented_defaults() {
    RelayConfig config = RelayConfig.fromEnvironment(minimal());

    assertThat(config.db().url().host()).isEqualTo("db.internal");
    assertThat(config.db().url().port()).isEqualTo(6543);
    assertThat(config.db().url().database()).isEqualTo("customers");
    assertThat(config.db().url().parameters()).containsEntry("sslmode", "require");
    assertThat(config.stream().slot()).isEqualTo("outbox_relay");
    assertThat(config.stream().publication()).isEqualTo("outbox_pub");
    assertThat(config.stream().outboxTable()).isEqualTo("public.outbox");
    assertThat(config.stream().topicPattern().topicFor("customer")).isEqualTo("customer.events");
    assertThat(config.stream().source()).isEqualTo("/customers");
    assertThat(config.stream().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.stream().pollInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.stream().publishExistingRows()).isTrue();
    assertThat(config.stream().sendStallTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.topics())
        .isEqualTo(new TopicConfig(true, Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(config.retention().age()).isEqualTo(Duration.ofDays(7));
    assertThat(config.httpPort()).isEqualTo(8091);
  }

  @Test
  void the_opentelemetry_variables_are_not_relay_settings_and_not_refused() {
    Map<String, String> env = minimal();
    env.put("OTEL_TRACES_EXPORTER", "otlp");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
    env.put("OTEL_SERVICE_NAME", "customers-relay");

    assertThat(RelayConfig.fromEnvironment(env).stream().slot()).isEqualTo("outbox_relay");
    assertThat(RelaySettings.GROUP.read(env).describe()).doesNotContain("OTEL_");
  }

  @Test
  void topic_settings_shape_the_topics_the_relay_creates() {
    Map<String, String> env = minimal();
    env.put("RELAY_TOPIC_CREATE", "never");
    env.put("RELAY_TOPIC_PARTITIONS", "12");
    env.put("RELAY_TOPIC_REPLICATION_FACTOR", "3");
    env.put("RELAY_TOPIC_MIN_INSYNC_REPLICAS", "2");

    assertThat(RelayConfig.fromEnvironment(env).topics())
        .isEqualTo(new TopicConfig(false, Optional.of(12), Optional.of((short) 3), Optional.of(2)));
  }

  @Test
  void the_start_up_line_masks_every_secret_including_a_password_in_the_url() {
    Map<String, String> env = minimal();
    env.put("RELAY_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule username=\"u\" password=\"p4ss\";");
    env.put("RELAY_KAFKA_SSL_KEY_PASSWORD", "k3y");
    env.put("RELAY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put(
        "RELAY_DB_URL", "jdbc:postgresql://db/customers?user=r&password=inurl&sslmode=verify-full");

    String logged = RelaySettings.GROUP.read(env).describe();
    String record = RelayConfig.fromEnvironment(env).toString();

    assertThat(logged)
        .doesNotContain("s3cret", "p4ss", "k3y", "inurl")
        .contains(
            "RELAY_DB_URL=jdbc:postgresql://db/customers?user=r&password=<masked>&sslmode=verify-full",
            "RELAY_DB_PASSWORD=<masked>",
            "RELAY_KAFKA_SECURITY_PROTOCOL=SASL_SSL",
            "RELAY_KAFKA_SASL_JAAS_CONFIG=<masked>",
            "RELAY_SLOT=outbox_relay (default)");
    assertThat(record).doesNotContain("s3cret", "p4ss", "k3y", "inurl");
  }

  @Test
  void kafka_settings_pass_through_but_the_delivery_guarantee_is_fixed() {
    Map<String, String> env = minimal();
    env.put("RELAY_KAFKA_LINGER_MS", "20");
    env.put("RELAY_KAFKA_COMPRESSION_TYPE", "zstd");

    Map<String, Object> producer =
        RelayConfig.fromEnvironment(env).kafka().producerProperties("relay");

    assertThat(producer)
        .containsEntry("linger.ms", "20")
        .containsEntry("compression.type", "zstd")
        .containsEntry("batch.size", "262144")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("bootstrap.servers", "kafka:9092");
  }

  @Test
  void guarantee_critical_kafka_settings_are_refused_naming_the_variable() {
    assertInvalid("RELAY_KAFKA_ACKS", "1", "RELAY_KAFKA_ACKS cannot be set");
    assertInvalid("RELAY_KAFKA_ENABLE_IDEMPOTENCE", "false", "cannot be set");
    assertInvalid("RELAY_KAFKA_TRANSACTIONAL_ID", "t", "cannot be set");
    assertInvalid("RELAY_KAFKA_BOOTSTRAP_SERVERS", "k:1", "from RELAY_KAFKA_BOOTSTRAP");
    assertInvalid("RELAY_KAFKA_PARTITIONER_CLASS", "x.Y", "partition from its key");
  }

  @Test
  void kafka_values_are_checked_against_the_producers_own_definitions() {
    assertInvalid("RELAY_KAFKA_NOT_A_SETTING", "x", "is not a Kafka producer setting");
    assertInvalid(
        "RELAY_KAFKA_LINGER_MS", "soon", "RELAY_KAFKA_LINGER_MS is not a valid linger.ms");
    assertInvalid("RELAY_KAFKA_COMPRESSION_TYPE", "rar", "compression.type");
  }

  @Test
  void kafka_settings_must_make_a_valid_idempotent_producer_together() {
    Map<String, String> env = minimal();
    // The idempotent producer allows at most five requests in flight.
    env.put("RELAY_KAFKA_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION", "6");

    assertThatThrownBy(() -> RelayConfig.fromEnvironment(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("The RELAY_KAFKA_* settings do not make a valid producer")
        .hasMessageContaining("max.in.flight.requests.per.connection");
  }

  @Test
  void every_problem_is_reported_at_once() {
    Map<String, String> env = minimal();
    env.remove("RELAY_DB_USER");
    env.put("RELAY_SLOT", "Has-Dash");
    env.put("RELAY_HTTP_PORT", "70000");
    env.put("RELAY_KAFKA_ACKS", "1");
    env.put("RELAY_HEARTBEAT_INTERVALL", "1s");

    assertThatThrownBy(() -> RelayConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(5)
                    .anySatisfy(p -> assertThat(p).startsWith("RELAY_DB_USER is required"))
                    .anySatisfy(p -> assertThat(p).startsWith("RELAY_SLOT"))
                    .anySatisfy(p -> assertThat(p).startsWith("RELAY_HTTP_PORT"))
                    .anySatisfy(p -> assertThat(p).startsWith("RELAY_KAFKA_ACKS"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("RELAY_HEARTBEAT_INTERVALL is not a setting")
                                .contains("did you mean RELAY_HEARTBEAT_INTERVAL?")));
  }

  @Test
  void each_missing_required_variable_is_named() {
    for (String variable :
        new String[] {
          "RELAY_DB_URL", "RELAY_DB_USER", "RELAY_DB_PASSWORD", "RELAY_KAFKA_BOOTSTRAP"
        }) {
      Map<String, String> env = minimal();
      env.remove(variable);
      assertThatThrownBy(() -> RelayConfig.fromEnvironment(env))
          .as(variable)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(variable + " is required");
    }
  }

  @Test
  void invalid_values_are_named() {
    assertInvalid("RELAY_DB_URL", "mysql://db/customers");
    assertInvalid("RELAY_DB_URL", "jdbc:postgresql://h1,h2/customers");
    assertInvalid("RELAY_KAFKA_BOOTSTRAP", "kafka");
    assertInvalid("RELAY_SLOT", "Has-Dash");
    assertInvalid("RELAY_PUBLICATION", "pub; drop table outbox");
    assertInvalid("RELAY_OUTBOX_TABLE", "outbox");
    assertInvalid("RELAY_TOPIC_PATTERN", "static-topic");
    assertInvalid("RELAY_TOPIC_PATTERN", "{event_type}.events");
    assertInvalid("RELAY_TOPIC_PATTERN", "bad topic {aggregate_type}");
    assertInvalid("RELAY_TOPIC_CREATE", "maybe");
    assertInvalid("RELAY_TOPIC_PARTITIONS", "0");
    assertInvalid("RELAY_HTTP_PORT", "70000");
    assertInvalid("RELAY_POLL_INTERVAL", "0");
    assertInvalid("RELAY_SEND_STALL_TIMEOUT", "0");
    assertInvalid("RELAY_HEARTBEAT_INTERVAL", "often");
    assertInvalid("RELAY_RETENTION_AGE", "-PT1S");
    assertInvalid("RELAY_RETENTION_BATCH_SIZE", "0");
    assertInvalid("RELAY_EXISTING_ROWS", "all");
    assertInvalid("RELAY_LOG_LEVEL", "loud");
  }

  @Test
  void cross_setting_rules_are_checked() {
    Map<String, String> env = minimal();
    env.put("RELAY_MAX_QUEUE_SIZE", "10");
    env.put("RELAY_TOPIC_REPLICATION_FACTOR", "1");
    env.put("RELAY_TOPIC_MIN_INSYNC_REPLICAS", "2");

    assertThatThrownBy(() -> RelayConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "RELAY_MAX_QUEUE_SIZE must be greater than RELAY_MAX_BATCH_SIZE",
                        "RELAY_TOPIC_MIN_INSYNC_REPLICAS must not exceed"
                            + " RELAY_TOPIC_REPLICATION_FACTOR (no write could ever succeed)"));
  }

  @Test
  void a_blank_source_falls_back_to_the_database_name() {
    Map<String, String> env = minimal();
    env.put("RELAY_SOURCE", " ");
    assertThat(RelayConfig.fromEnvironment(env).stream().source()).isEqualTo("/customers");
    env.put("RELAY_SOURCE", "customer-app");
    assertThat(RelayConfig.fromEnvironment(env).stream().source()).isEqualTo("customer-app");
  }

  private static void assertInvalid(String variable, String value) {
    assertInvalid(variable, value, variable);
  }

  private static void assertInvalid(String variable, String value, String message) {
    Map<String, String> env = minimal();
    env.put(variable, value);
    assertThatThrownBy(() -> RelayConfig.fromEnvironment(env))
        .as("%s=%s", variable, value)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable)
        .hasMessageContaining(message);
  }
}
