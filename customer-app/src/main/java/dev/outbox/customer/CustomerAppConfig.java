package dev.outbox.customer;

import dev.outbox.config.Database;
import dev.outbox.config.Setting;
import dev.outbox.config.SettingGroup;
import dev.outbox.config.Settings;
import dev.outbox.service.config.ServiceConfig;
import dev.outbox.service.config.ServiceSettings;
import java.util.Map;
import java.util.Objects;

/**
 * customer-app's settings, declared once: the common ones of every service under {@code
 * CUSTOMER_APP_} (the database login and Kafka required, the rest with defaults that fit the local
 * run) and its own {@code CUSTOMER_APP_ORDER_TOPIC}. The README's table is made of {@link
 * #SETTINGS}; {@link #toString()} is the masked start-up log line.
 *
 * @param service the common settings as read
 * @param orderTopic where order events are consumed from
 */
public record CustomerAppConfig(ServiceConfig service, String orderTopic) {

  /** The prefix of every variable. */
  public static final String PREFIX = "CUSTOMER_APP_";

  static final ServiceSettings COMMON =
      ServiceSettings.declare("customer-app", PREFIX, 8081, "customer-app.credit-check");

  static final Setting<String> ORDER_TOPIC =
      ServiceSettings.topic(
          PREFIX + "ORDER_TOPIC", "where OrderPlaced is read from", "order.events");

  /** Every setting of customer-app. */
  public static final SettingGroup SETTINGS = COMMON.group().add(ORDER_TOPIC).build();

  public CustomerAppConfig {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(orderTopic, "orderTopic");
  }

  /** The configuration of what {@link #SETTINGS} read. */
  public static CustomerAppConfig from(Settings settings) {
    return new CustomerAppConfig(COMMON.read(settings), settings.get(ORDER_TOPIC));
  }

  /**
   * The settings in {@code env}.
   *
   * @throws dev.outbox.config.ConfigException naming every bad, missing or unknown variable
   */
  public static CustomerAppConfig fromEnvironment(Map<String, String> env) {
    return from(SETTINGS.read(env));
  }

  /** {@code CUSTOMER_APP_HTTP_PORT}: 0 picks a free port (tests). */
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

  /** The Kafka group id and inbox consumer name of the {@code OrderPlaced} consumer. */
  public String consumerName() {
    return service.consumerName();
  }

  @Override
  public String toString() {
    return service.toString();
  }
}
