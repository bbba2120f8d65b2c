package dev.outbox.order;

import dev.outbox.service.config.ConfigChecks;
import dev.outbox.service.config.DbConfig;
import dev.outbox.service.config.Env;
import java.util.Map;
import java.util.Objects;

/**
 * order-app's settings, from {@code ORDER_APP_*} environment variables with defaults that fit the
 * local run. The constructor rejects bad values naming the variable.
 *
 * @param httpPort {@code ORDER_APP_HTTP_PORT}: 0 picks a free port (tests)
 * @param consumerName {@code ORDER_APP_CONSUMER_NAME}: the Kafka group id and the inbox's consumer
 *     name of the customer events consumer
 * @param customerTopic {@code ORDER_APP_CUSTOMER_TOPIC}: where customer events are consumed from
 */
public record OrderAppConfig(
    int httpPort,
    int httpThreads,
    DbConfig db,
    String kafkaBootstrap,
    String consumerName,
    String customerTopic,
    int consumerMaxAttempts) {

  /** The prefix of every variable. */
  public static final String PREFIX = "ORDER_APP_";

  public OrderAppConfig {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(consumerName, "consumerName");
    Objects.requireNonNull(customerTopic, "customerTopic");
    ConfigChecks.port(PREFIX + "HTTP_PORT", httpPort);
    ConfigChecks.atLeastOne(PREFIX + "HTTP_THREADS", httpThreads);
    ConfigChecks.kafkaBootstrap(PREFIX + "KAFKA_BOOTSTRAP", kafkaBootstrap);
    ConfigChecks.notBlank(PREFIX + "CONSUMER_NAME", consumerName);
    ConfigChecks.notBlank(PREFIX + "CUSTOMER_TOPIC", customerTopic);
    ConfigChecks.atLeastOne(PREFIX + "CONSUMER_MAX_ATTEMPTS", consumerMaxAttempts);
  }

  /** The settings from {@code env}, defaults for what is unset. */
  public static OrderAppConfig fromEnvironment(Map<String, String> env) {
    Env e = new Env(env);
    return new OrderAppConfig(
        e.integer(PREFIX + "HTTP_PORT", 8082),
        e.integer(PREFIX + "HTTP_THREADS", 8),
        DbConfig.fromEnvironment(
            e, PREFIX, "jdbc:postgresql://127.0.0.1:15432/orders", "order_app", "order_app"),
        e.string(PREFIX + "KAFKA_BOOTSTRAP", "127.0.0.1:19092"),
        e.string(PREFIX + "CONSUMER_NAME", "order-app.customer-replica"),
        e.string(PREFIX + "CUSTOMER_TOPIC", "customer.events"),
        e.integer(PREFIX + "CONSUMER_MAX_ATTEMPTS", 5));
  }

  /** A copy with another HTTP port. */
  public OrderAppConfig withHttpPort(int port) {
    return new OrderAppConfig(
        port, httpThreads, db, kafkaBootstrap, consumerName, customerTopic, consumerMaxAttempts);
  }

  /** A copy that consumes {@code topic} as {@code name}. */
  public OrderAppConfig withConsumer(String name, String topic) {
    return new OrderAppConfig(
        httpPort, httpThreads, db, kafkaBootstrap, name, topic, consumerMaxAttempts);
  }
}
