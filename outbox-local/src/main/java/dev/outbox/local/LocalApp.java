package dev.outbox.local;

import dev.outbox.reference.db.ServiceDatabase;
import java.util.Arrays;
import java.util.Optional;

/**
 * The apps of the local run, with what the run needs to know of each: its environment prefix, its
 * database, the port of its first instance, and the consumer group and topic it reads with its
 * default settings (every instance keeps those defaults, so all of them share one group).
 */
enum LocalApp {
  CUSTOMER_APP(
      "customer-app",
      "CUSTOMER_APP",
      ServiceDatabase.CUSTOMERS,
      LocalDeployment.CUSTOMER_APP_PORT,
      "customer-app.credit-check",
      "order.events"),
  ORDER_APP(
      "order-app",
      "ORDER_APP",
      ServiceDatabase.ORDERS,
      LocalDeployment.ORDER_APP_PORT,
      "order-app.customer-replica",
      "customer.events");

  private final String appName;
  private final String prefix;
  private final ServiceDatabase database;
  private final int firstPort;
  private final String consumer;
  private final String topic;

  LocalApp(
      String appName,
      String prefix,
      ServiceDatabase database,
      int firstPort,
      String consumer,
      String topic) {
    this.appName = appName;
    this.prefix = prefix;
    this.database = database;
    this.firstPort = firstPort;
    this.consumer = consumer;
    this.topic = topic;
  }

  /** Its name, the name of its first instance and of its jar. */
  String appName() {
    return appName;
  }

  /** The prefix of its environment variables, such as {@code CUSTOMER_APP}. */
  String prefix() {
    return prefix;
  }

  /** The service database it owns (and writes its outbox in). */
  ServiceDatabase database() {
    return database;
  }

  /** The port of its first instance; instance i listens 100 * (i - 1) above. */
  int firstPort() {
    return firstPort;
  }

  /** Its consumer's default name, the Kafka group id all its instances share. */
  String consumer() {
    return consumer;
  }

  /** The topic its consumer reads its source's events from, by default. */
  String topic() {
    return topic;
  }

  /** The app that owns {@code db}: its relay's source. */
  static LocalApp owning(ServiceDatabase db) {
    return Arrays.stream(values()).filter(a -> a.database == db).findFirst().orElseThrow();
  }

  static Optional<LocalApp> named(String name) {
    return Arrays.stream(values()).filter(a -> a.appName.equals(name)).findFirst();
  }

  /** The names, for a message: {@code customer-app, order-app}. */
  static String names() {
    return String.join(", ", Arrays.stream(values()).map(LocalApp::appName).toList());
  }
}
