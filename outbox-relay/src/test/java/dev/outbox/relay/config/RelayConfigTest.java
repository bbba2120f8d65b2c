package dev.outbox.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

    assertThat(config.db().host()).isEqualTo("db.internal");
    assertThat(config.db().port()).isEqualTo(6543);
    assertThat(config.db().database()).isEqualTo("customers");
    assertThat(config.db().sslMode()).isEqualTo("require");
    assertThat(config.stream().slot()).isEqualTo("outbox_relay");
    assertThat(config.stream().publication()).isEqualTo("outbox_pub");
    assertThat(config.stream().outboxTable()).isEqualTo("public.outbox");
    assertThat(config.stream().topicPattern().topicFor("customer")).isEqualTo("customer.events");
    assertThat(config.stream().source()).isEqualTo("/customers");
    assertThat(config.stream().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.retention().age()).isEqualTo(Duration.ofDays(7));
    assertThat(config.httpPort()).isEqualTo(8091);
  }

  @Test
  void to_string_masks_every_secret() {
    Map<String, String> env = minimal();
    env.put("RELAY_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule username=\"u\" password=\"p4ss\";");
    env.put("RELAY_KAFKA_SSL_KEY_PASSWORD", "k3y");
    env.put("RELAY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("RELAY_DB_URL", "jdbc:postgresql://db/customers?password=inurl");

    String logged = RelayConfig.fromEnvironment(env).toString();

    assertThat(logged)
        .doesNotContain("s3cret", "p4ss", "k3y", "inurl")
        .contains("security.protocol=SASL_SSL", "sasl.jaas.config=<masked>", "password=<masked>");
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
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("bootstrap.servers", "kafka:9092");
  }

  @Test
  void overriding_acks_is_refused_naming_the_variable() {
    Map<String, String> env = minimal();
    env.put("RELAY_KAFKA_ACKS", "1");

    assertThatThrownBy(() -> RelayConfig.fromEnvironment(env))
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("RELAY_KAFKA_ACKS cannot be set");
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
          .isInstanceOf(RelayConfigException.class)
          .hasMessageStartingWith(variable);
    }
  }

  @Test
  void invalid_values_are_named() {
    assertInvalid("RELAY_DB_URL", "mysql://db/customers");
    assertInvalid("RELAY_DB_URL", "jdbc:postgresql://h1,h2/customers");
    assertInvalid("RELAY_SLOT", "Has-Dash");
    assertInvalid("RELAY_PUBLICATION", "pub; drop table outbox");
    assertInvalid("RELAY_OUTBOX_TABLE", "outbox");
    assertInvalid("RELAY_TOPIC_PATTERN", "static-topic");
    assertInvalid("RELAY_TOPIC_PATTERN", "{event_type}.events");
    assertInvalid("RELAY_HTTP_PORT", "70000");
    assertInvalid("RELAY_POLL_INTERVAL", "0");
    assertInvalid("RELAY_HEARTBEAT_INTERVAL", "often");
    assertInvalid("RELAY_MAX_QUEUE_SIZE", "10");
    assertInvalid("RELAY_RETENTION_BATCH_SIZE", "0");
    assertInvalid("RELAY_KAFKA_NOT_A_SETTING", "x");
  }

  @Test
  void durations_accept_short_and_iso_forms() {
    assertThat(Env.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Env.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Env.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Env.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Env.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Env.parseDuration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Env.parseDuration("0")).isZero();
  }

  private static void assertInvalid(String variable, String value) {
    Map<String, String> env = minimal();
    env.put(variable, value);
    assertThatThrownBy(() -> RelayConfig.fromEnvironment(env))
        .as("%s=%s", variable, value)
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith(variable);
  }
}
