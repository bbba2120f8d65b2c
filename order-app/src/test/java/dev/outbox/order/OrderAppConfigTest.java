package dev.outbox.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderAppConfigTest {

  @Test
  void defaults_fit_the_local_run() {
    OrderAppConfig config = OrderAppConfig.fromEnvironment(Map.of());

    assertThat(config.httpPort()).isEqualTo(8082);
    assertThat(config.db().url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/orders");
    assertThat(config.db().user()).isEqualTo("order_app");
    assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(config.customerTopic()).isEqualTo("customer.events");
    assertThat(config.consumerName()).isEqualTo("order-app.customer-replica");
    assertThat(config.consumerMaxAttempts()).isEqualTo(5);
  }

  @Test
  void variables_override_the_defaults() {
    OrderAppConfig config =
        OrderAppConfig.fromEnvironment(
            Map.of(
                "ORDER_APP_HTTP_PORT", "9000",
                "ORDER_APP_DB_URL", "jdbc:postgresql://db:5432/orders",
                "ORDER_APP_KAFKA_BOOTSTRAP", "kafka:9092",
                "ORDER_APP_CUSTOMER_TOPIC", "customers.v2"));

    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.db().url()).isEqualTo("jdbc:postgresql://db:5432/orders");
    assertThat(config.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(config.customerTopic()).isEqualTo("customers.v2");
  }

  @Test
  void bad_values_are_refused_naming_the_variable() {
    assertThatThrownBy(
            () -> OrderAppConfig.fromEnvironment(Map.of("ORDER_APP_HTTP_PORT", "eighty")))
        .hasMessageContaining("ORDER_APP_HTTP_PORT");
    assertThatThrownBy(() -> OrderAppConfig.fromEnvironment(Map.of("ORDER_APP_HTTP_PORT", "70000")))
        .hasMessageContaining("ORDER_APP_HTTP_PORT");
    assertThatThrownBy(
            () -> OrderAppConfig.fromEnvironment(Map.of("ORDER_APP_DB_URL", "mysql://x")))
        .hasMessageContaining("ORDER_APP_DB_URL");
    assertThatThrownBy(() -> OrderAppConfig.fromEnvironment(Map.of("ORDER_APP_DB_POOL_SIZE", "1")))
        .hasMessageContaining("ORDER_APP_DB_POOL_SIZE");
    assertThatThrownBy(
            () -> OrderAppConfig.fromEnvironment(Map.of("ORDER_APP_KAFKA_BOOTSTRAP", "kafka")))
        .hasMessageContaining("ORDER_APP_KAFKA_BOOTSTRAP");
    assertThatThrownBy(
            () -> OrderAppConfig.fromEnvironment(Map.of("ORDER_APP_CONSUMER_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("ORDER_APP_CONSUMER_MAX_ATTEMPTS");
  }

  @Test
  void the_password_never_shows_in_the_logged_configuration() {
    OrderAppConfig config =
        OrderAppConfig.fromEnvironment(Map.of("ORDER_APP_DB_PASSWORD", "s3cr3t-value"));

    assertThat(config.toString()).doesNotContain("s3cr3t-value").contains("password=<masked>");
  }
}
