package dev.outbox.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.config.ConfigException;
import dev.outbox.config.SettingsDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderAppConfigTest {

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("ORDER_APP_DB_URL", "jdbc:postgresql://db:5432/orders");
    env.put("ORDER_APP_DB_USER", "order_app");
    env.put("ORDER_APP_DB_PASSWORD", "pw");
    env.put("ORDER_APP_KAFKA_BOOTSTRAP", "kafka:9092");
    return env;
  }

  @Test
  void defaults_fit_the_local_run_but_the_login_and_kafka_must_be_given() {
    OrderAppConfig config = OrderAppConfig.fromEnvironment(required());

    assertThat(config.httpPort()).isEqualTo(8082);
    assertThat(config.service().httpThreads()).isEqualTo(8);
    assertThat(config.service().poolSize()).isEqualTo(8);
    assertThat(config.customerTopic()).isEqualTo("customer.events");
    assertThat(config.consumerName()).isEqualTo("order-app.customer-replica");
    assertThat(config.service().consumerMaxAttempts()).isEqualTo(5);
    assertThatThrownBy(() -> OrderAppConfig.fromEnvironment(Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "ORDER_APP_DB_URL is required but not set (order-app's database,"
                            + " jdbc:postgresql://host:port/database)",
                        "ORDER_APP_DB_USER is required but not set (the role order-app"
                            + " logs in as)",
                        "ORDER_APP_DB_PASSWORD is required but not set (its password (never logged))",
                        "ORDER_APP_KAFKA_BOOTSTRAP is required but not set (Kafka bootstrap"
                            + " servers, host:port[,host:port...])"));
  }

  @Test
  void variables_override_the_defaults() {
    Map<String, String> env = required();
    env.put("ORDER_APP_HTTP_PORT", "9000");
    env.put("ORDER_APP_CUSTOMER_TOPIC", "customers.v2");

    OrderAppConfig config = OrderAppConfig.fromEnvironment(env);

    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.db().url().url()).isEqualTo("jdbc:postgresql://db:5432/orders");
    assertThat(config.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(config.customerTopic()).isEqualTo("customers.v2");
  }

  @Test
  void a_misspelt_variable_is_refused_naming_the_nearest_known_one_with_every_other_problem() {
    Map<String, String> env = required();
    env.put("ORDER_APP_CUSTOMER_TOPICS", "customers.v2");
    env.put("ORDER_APP_HTTP_PORT", "70000");

    assertThatThrownBy(() -> OrderAppConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "ORDER_APP_CUSTOMER_TOPICS is not a setting of order-app; did you mean"
                            + " ORDER_APP_CUSTOMER_TOPIC?",
                        "ORDER_APP_HTTP_PORT must be between 0 and 65535, was '70000'"));
  }

  @Test
  void the_start_up_line_masks_the_password_and_one_in_the_jdbc_url() {
    Map<String, String> env = required();
    env.put("ORDER_APP_DB_PASSWORD", "s3cr3t-value");
    env.put(
        "ORDER_APP_DB_URL",
        "jdbc:postgresql://db:5432/orders?sslmode=require&password=in-the-url-s3cr3t");

    String logged = OrderAppConfig.fromEnvironment(env).toString();

    assertThat(logged)
        .doesNotContain("s3cr3t")
        .contains("ORDER_APP_DB_PASSWORD=<masked>")
        .contains(
            "ORDER_APP_DB_URL=jdbc:postgresql://db:5432/orders?sslmode=require"
                + "&password=<masked>")
        .contains("ORDER_APP_CUSTOMER_TOPIC=customer.events (default)");
  }

  @Test
  void the_readme_table_is_what_the_settings_declare() throws IOException {
    Path readme = readme();

    List<String> differences = SettingsDoc.check(readme, OrderAppConfig.SETTINGS);

    assertThat(differences)
        .as(
            "README.md disagrees with OrderAppConfig; the table between its markers should be:%n%s",
            SettingsDoc.table(OrderAppConfig.SETTINGS))
        .isEmpty();
  }

  private static Path readme() {
    String configured = System.getProperty("outbox.readme");
    return configured != null ? Path.of(configured) : Path.of("..", "README.md");
  }
}
