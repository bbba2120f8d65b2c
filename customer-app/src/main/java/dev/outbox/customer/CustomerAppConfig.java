package dev.outbox.customer;

import dev.outbox.service.config.ConfigChecks;
import dev.outbox.service.config.DbConfig;
import dev.outbox.service.config.Env;
import java.util.Map;
import java.util.Objects;

/**
 * customer-app's settings, from {@code CUSTOMER_APP_*} environment variables with defaults that fit
 * the local run. The constructor rejects bad values naming the variable.
 *
 * @param httpPort {@code CUSTOMER_APP_HTTP_PORT}: 0 picks a free port (tests)
 * @param consumerName {@code CUSTOMER_APP_CONSUMER_NAME}: the Kafka group id and the inbox's
 *     consumer name of the {@code OrderPlaced} consumer
 * @param orderTopic {@code CUSTOMER_APP_ORDER_TOPIC}: where order events are consumed from
 */
public record CustomerAppConfig(
    int httpPort,
    int httpThreads,
    DbConfig db,
    String kafkaBootstrap,
    String consumerName,
    String orderTopic,
    int consumerMaxAttempts) {

  /** The prefix of every variable. */
  public static final String PREFIX = "CUSTOMER_APP_";

  public CustomerAppConfig {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(consumerName, "consumerName");
    Objects.requireNonNull(orderTopic, "orderTopic");
    ConfigChecks.port(PREFIX + "HTTP_PORT", httpPort);
    ConfigChecks.atLeastOne(PREFIX + "HTTP_THREADS", httpThreads);
    ConfigChecks.kafkaBootstrap(PREFIX + "KAFKA_BOOTSTRAP", kafkaBootstrap);
    ConfigChecks.notBlank(PREFIX + "CONSUMER_NAME", consumerName);
    ConfigChecks.notBlank(PREFIX + "ORDER_TOPIC", orderTopic);
    ConfigChecks.atLeastOne(PREFIX + "CONSUMER_MAX_ATTEMPTS", consumerMaxAttempts);
  }

  /** The settings from {@code env}, defaults for what is unset. */
  public static CustomerAppConfig fromEnvironment(Map<String, String> env) {
    Env e = new Env(env);
    return new CustomerAppConfig(
        e.integer(PREFIX + "HTTP_PORT", 8081),
        e.integer(PREFIX + "HTTP_THREADS", 8),
        DbConfig.fromEnvironment(
            e,
            PREFIX,
            "jdbc:postgresql://127.0.0.1:15432/customers",
            "customer_app",
            "customer_app"),
        e.string(PREFIX + "KAFKA_BOOTSTRAP", "127.0.0.1:19092"),
        e.string(PREFIX + "CONSUMER_NAME", "customer-app.credit-check"),
        e.string(PREFIX + "ORDER_TOPIC", "order.events"),
        e.integer(PREFIX + "CONSUMER_MAX_ATTEMPTS", 5));
  }

  /** A copy with another HTTP port. */
  public CustomerAppConfig withHttpPort(int port) {
    return new CustomerAppConfig(
        port, httpThreads, db, kafkaBootstrap, consumerName, orderTopic, consumerMaxAttempts);
  }

  /** A copy that consumes {@code topic} as {@code name}. */
  public CustomerAppConfig withConsumer(String name, String topic) {
    return new CustomerAppConfig(
        httpPort, httpThreads, db, kafkaBootstrap, name, topic, consumerMaxAttempts);
  }
}
