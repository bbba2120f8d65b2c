package dev.outbox.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerAppConfigTest {

  @Test
  void defaults_fit_the_local_run() {
    CustomerAppConfig config = CustomerAppConfig.fromEnvironment(Map.of());

    assertThat(config.httpPort()).isEqualTo(8081);
    assertThat(config.db().url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/customers");
    assertThat(config.db().user()).isEqualTo("customer_app");
    assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(config.orderTopic()).isEqualTo("order.events");
    assertThat(config.consumerName()).isEqualTo("customer-app.credit-check");
    assertThat(config.consumerMaxAttempts()).isEqualTo(5);
  }

  @Test
  void variables_override_the_defaults() {
    CustomerAppConfig config =
        CustomerAppConfig.fromEnvironment(
            Map.of(
                "CUSTOMER_APP_HTTP_PORT", "9000",
                "CUSTOMER_APP_DB_URL", "jdbc:postgresql://db:5432/customers",
                "CUSTOMER_APP_KAFKA_BOOTSTRAP", "kafka:9092",
                "CUSTOMER_APP_ORDER_TOPIC", "orders.v2"));

    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.db().url()).isEqualTo("jdbc:postgresql://db:5432/customers");
    assertThat(config.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(config.orderTopic()).isEqualTo("orders.v2");
  }

  @Test
  void bad_values_are_refused_naming_the_variable() {
    assertThatThrownBy(
            () -> CustomerAppConfig.fromEnvironment(Map.of("CUSTOMER_APP_HTTP_PORT", "eighty")))
        .hasMessageContaining("CUSTOMER_APP_HTTP_PORT");
    assertThatThrownBy(
            () -> CustomerAppConfig.fromEnvironment(Map.of("CUSTOMER_APP_HTTP_PORT", "70000")))
        .hasMessageContaining("CUSTOMER_APP_HTTP_PORT");
    assertThatThrownBy(
            () -> CustomerAppConfig.fromEnvironment(Map.of("CUSTOMER_APP_DB_URL", "mysql://x")))
        .hasMessageContaining("CUSTOMER_APP_DB_URL");
    assertThatThrownBy(
            () -> CustomerAppConfig.fromEnvironment(Map.of("CUSTOMER_APP_DB_POOL_SIZE", "1")))
        .hasMessageContaining("CUSTOMER_APP_DB_POOL_SIZE");
    assertThatThrownBy(
            () ->
                CustomerAppConfig.fromEnvironment(Map.of("CUSTOMER_APP_KAFKA_BOOTSTRAP", "kafka")))
        .hasMessageContaining("CUSTOMER_APP_KAFKA_BOOTSTRAP");
    assertThatThrownBy(
            () ->
                CustomerAppConfig.fromEnvironment(
                    Map.of("CUSTOMER_APP_CONSUMER_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("CUSTOMER_APP_CONSUMER_MAX_ATTEMPTS");
  }

  @Test
  void the_password_never_shows_in_the_logged_configuration() {
    CustomerAppConfig config =
        CustomerAppConfig.fromEnvironment(Map.of("CUSTOMER_APP_DB_PASSWORD", "s3cr3t-value"));

    assertThat(config.toString()).doesNotContain("s3cr3t-value").contains("password=<masked>");
  }
}
