package dev.outbox.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.client.housekeeping.TableRetention;
import dev.outbox.config.ConfigException;
import dev.outbox.config.Setting;
import dev.outbox.config.SettingGroup;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

  private static final ServiceSettings COMMON =
      ServiceSettings.declare("some-app", "SOME_APP_", 8089, "some-app.consumer");
  private static final Setting<String> TOPIC =
      ServiceSettings.topic("SOME_APP_TOPIC", "where it reads from", "some.events");
  private static final SettingGroup GROUP = COMMON.group().add(TOPIC).build();

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("SOME_APP_DB_URL", "jdbc:postgresql://db:5432/some");
    env.put("SOME_APP_DB_USER", "some_app");
    env.put("SOME_APP_DB_PASSWORD", "pw");
    env.put("SOME_APP_KAFKA_BOOTSTRAP", "kafka:9092");
    return env;
  }

  @Test
  void defaults_apply_to_everything_but_the_database_login_and_kafka() {
    ServiceConfig config = COMMON.read(GROUP.read(required()));

    assertThat(config.service()).isEqualTo("some-app");
    assertThat(config.httpPort()).isEqualTo(8089);
    assertThat(config.httpThreads()).isEqualTo(8);
    assertThat(config.database().url().url()).isEqualTo("jdbc:postgresql://db:5432/some");
    assertThat(config.database().user()).isEqualTo("some_app");
    assertThat(config.database().password()).isEqualTo("pw");
    assertThat(config.poolSize()).isEqualTo(8);
    assertThat(config.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(config.consumerName()).isEqualTo("some-app.consumer");
    assertThat(config.consumerMaxAttempts()).isEqualTo(5);
    assertThat(config.consumerBatchSize()).isEqualTo(500);
    assertThat(config.consumerSessionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.consumerFreshnessObjective())
        .isEqualTo(Duration.ofSeconds(1))
        .isEqualTo(EventConsumerConfig.DEFAULT_FRESHNESS_OBJECTIVE);
    assertThat(config.retention().inboxRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.retention().relayRedeliveryWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(config.retention().deadLetterRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.retention().interval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.retention().batchSize()).isEqualTo(1000);
    assertThat(GROUP.read(required()).get(TOPIC)).isEqualTo("some.events");
  }

  @Test
  void the_database_login_and_kafka_are_required_and_every_problem_is_reported_at_once() {
    assertThatThrownBy(() -> GROUP.read(Map.of("SOME_APP_HTTP_PORT", "eighty")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(5)
                    .anySatisfy(p -> assertThat(p).startsWith("SOME_APP_HTTP_PORT "))
                    .anySatisfy(p -> assertThat(p).startsWith("SOME_APP_DB_URL is required"))
                    .anySatisfy(p -> assertThat(p).startsWith("SOME_APP_DB_USER is required"))
                    .anySatisfy(p -> assertThat(p).startsWith("SOME_APP_DB_PASSWORD is required"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("SOME_APP_KAFKA_BOOTSTRAP is required")));
  }

  @Test
  void a_misspelt_variable_of_the_prefix_is_refused_with_the_nearest_known_name() {
    Map<String, String> env = required();
    env.put("SOME_APP_HTTP_PROT", "9000");
    env.put("OTHER_APP_HTTP_PORT", "9001");

    assertThatThrownBy(() -> GROUP.read(env))
        .hasMessage(
            "SOME_APP_HTTP_PROT is not a setting of some-app; did you mean SOME_APP_HTTP_PORT?");
  }

  @Test
  void bad_values_are_refused_naming_the_variable() {
    for (var bad :
        Map.ofEntries(
                Map.entry("SOME_APP_HTTP_PORT", "70000"),
                Map.entry("SOME_APP_HTTP_THREADS", "0"),
                Map.entry("SOME_APP_DB_URL", "mysql://x"),
                Map.entry("SOME_APP_DB_POOL_SIZE", "1"),
                Map.entry("SOME_APP_KAFKA_BOOTSTRAP", "kafka"),
                Map.entry("SOME_APP_CONSUMER_NAME", "has space"),
                Map.entry("SOME_APP_CONSUMER_MAX_ATTEMPTS", "0"),
                Map.entry("SOME_APP_CONSUMER_SESSION_TIMEOUT", "500ms"),
                Map.entry("SOME_APP_CONSUMER_FRESHNESS_OBJECTIVE", "0"),
                Map.entry("SOME_APP_TOPIC", "a/b"),
                Map.entry("SOME_APP_INBOX_RETENTION", "0"),
                Map.entry("SOME_APP_RELAY_REDELIVERY_WINDOW", "a week"),
                Map.entry("SOME_APP_DEAD_LETTER_RETENTION", "-1d"),
                Map.entry("SOME_APP_HOUSEKEEPING_INTERVAL", "0"),
                Map.entry("SOME_APP_HOUSEKEEPING_BATCH_SIZE", "0"))
            .entrySet()) {
      Map<String, String> env = required();
      env.put(bad.getKey(), bad.getValue());
      assertThatThrownBy(() -> GROUP.read(env))
          .as(bad.getKey())
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(bad.getKey() + " ");
    }
  }

  @Test
  void
      the_consumer_session_timeout_is_read_as_a_duration_and_refused_beyond_the_brokers_default_max() {
    Map<String, String> env = required();
    env.put("SOME_APP_CONSUMER_SESSION_TIMEOUT", "6s");

    assertThat(COMMON.read(GROUP.read(env)).consumerSessionTimeout())
        .isEqualTo(Duration.ofSeconds(6));

    env.put("SOME_APP_CONSUMER_SESSION_TIMEOUT", "45m");
    assertThatThrownBy(() -> GROUP.read(env))
        .hasMessageStartingWith("SOME_APP_CONSUMER_SESSION_TIMEOUT ")
        .hasMessageContaining("must be between 1s and 30m");
  }

  @Test
  void the_freshness_objective_is_read_as_a_duration() {
    Map<String, String> env = required();
    env.put("SOME_APP_CONSUMER_FRESHNESS_OBJECTIVE", "250ms");

    assertThat(COMMON.read(GROUP.read(env)).consumerFreshnessObjective())
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void the_retention_of_the_consumer_tables_is_read_and_named_after_its_settings() {
    Map<String, String> env = required();
    env.put("SOME_APP_INBOX_RETENTION", "45d");
    env.put("SOME_APP_RELAY_REDELIVERY_WINDOW", "2d");
    env.put("SOME_APP_DEAD_LETTER_RETENTION", "90d");
    env.put("SOME_APP_HOUSEKEEPING_INTERVAL", "1m");
    env.put("SOME_APP_HOUSEKEEPING_BATCH_SIZE", "250");

    ServiceConfig config = COMMON.read(GROUP.read(env));

    assertThat(config.retention())
        .isEqualTo(
            new TableRetention(
                Duration.ofDays(45),
                Duration.ofDays(2),
                Duration.ofDays(90),
                Duration.ofMinutes(1),
                250,
                "SOME_APP_INBOX_RETENTION",
                "SOME_APP_RELAY_REDELIVERY_WINDOW"));
  }

  @Test
  void the_description_masks_the_password_and_a_password_in_the_url() {
    Map<String, String> env = required();
    env.put("SOME_APP_DB_PASSWORD", "s3cr3t-value");
    env.put("SOME_APP_DB_URL", "jdbc:postgresql://db:5432/some?ssl=true&password=url-s3cr3t");

    ServiceConfig config = COMMON.read(GROUP.read(env));

    assertThat(config.toString())
        .isEqualTo(config.description())
        .doesNotContain("s3cr3t-value")
        .doesNotContain("url-s3cr3t")
        .contains("SOME_APP_DB_PASSWORD=<masked>")
        .contains("SOME_APP_DB_URL=jdbc:postgresql://db:5432/some?ssl=true&password=<masked>")
        .contains("SOME_APP_TOPIC=some.events (default)");
    assertThat(config.database().toString()).doesNotContain("s3cr3t");
  }
}
