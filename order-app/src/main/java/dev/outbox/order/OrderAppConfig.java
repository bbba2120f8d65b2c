package dev.outbox.order;

import dev.outbox.config.Database;
import dev.outbox.config.Setting;
import dev.outbox.config.SettingGroup;
import dev.outbox.config.Settings;
import dev.outbox.service.config.ServiceConfig;
import dev.outbox.service.config.ServiceSettings;
import java.util.Map;
import java.util.Objects;

/**
 * order-app's settings, declared once: the common ones of every service under {@code ORDER_APP_}
 * (the database login and Kafka required, the rest with defaults that fit the local run) and its
 * own {@code ORDER_APP_CUSTOMER_TOPIC}. The README's table is made of {@link #SETTINGS}; {@link
 * #toString()} is the masked start-up log line.
 *
 * @param service the common settings as read
 * @param customerTopic where customer events are consumed from
 */
public record OrderAppConfig(ServiceConfig service, String customerTopic) {

  /** The prefix of every variable. */
  public static final String PREFIX = "ORDER_APP_";

  static final ServiceSettings COMMON =
      ServiceSettings.declare("order-app", PREFIX, 8082, "order-app.customer-replica");

  static final Setting<String> CUSTOMER_TOPIC =
      ServiceSettings.topic(
          PREFIX + "CUSTOMER_TOPIC", "where customer events are read from", "customer.events");

  /** Every setting of order-app. */
  public static final SettingGroup SETTINGS = COMMON.group().add(CUSTOMER_TOPIC).build();

  public OrderAppConfig {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(customerTopic, "customerTopic");
  }

  /** The configuration of what {@link #SETTINGS} read. */
  public static OrderAppConfig from(Settings settings) {
    return new OrderAppConfig(COMMON.read(settings), settings.get(CUSTOMER_TOPIC));
  }

  /**
   * The settings in {@code env}.
   *
   * @throws dev.outbox.config.ConfigException naming every bad, missing or unknown variable
   */
  public static OrderAppConfig fromEnvironment(Map<String, String> env) {
    return from(SETTINGS.read(env));
  }

  /** {@code ORDER_APP_HTTP_PORT}: 0 picks a free port (tests). */
  public int httpPort() {
    return service.httpPort();
  }

  /** Its database and login. */
  public Database db() {
    return service.database();
  }

  public String kafkaBootstrap() {
    return service.kafkaBootstrap();
  }

  /** The Kafka group id and inbox consumer name of the customer events consumer. */
  public String consumerName() {
    return service.consumerName();
  }

  @Override
  public String toString() {
    return service.toString();
  }
}
