package dev.outbox.system;

import dev.outbox.customer.CustomerApp;
import dev.outbox.customer.CustomerAppConfig;
import dev.outbox.order.OrderApp;
import dev.outbox.order.OrderAppConfig;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.Ports;
import dev.outbox.relay.fixture.RelayProcess;
import dev.outbox.stack.OutboxStack;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The reference deployment on a test stack, built as production builds it: one relay process per
 * database (the real jar, configured by environment), and both apps through their own start methods
 * with the configuration their environment would give.
 */
final class Platform implements AutoCloseable {

  private final OutboxStack stack;
  private final Map<ServiceDatabase, RelayProcess> relays = new EnumMap<>(ServiceDatabase.class);
  private final Map<ServiceDatabase, Integer> relayPorts = new EnumMap<>(ServiceDatabase.class);
  private CustomerApp customerApp;
  private OrderApp orderApp;
  private OpenTelemetry customerTelemetry = OpenTelemetry.noop();
  private OpenTelemetry orderTelemetry = OpenTelemetry.noop();
  private Map<String, String> relayTelemetry = Map.of();

  Platform(OutboxStack stack) {
    this.stack = stack;
  }

  /**
   * Before {@link #start()}: the apps' spans go to these, and the relays get these {@code OTEL_*}
   * variables.
   */
  Platform traced(
      OpenTelemetry customerApp, OpenTelemetry orderApp, Map<String, String> relayVariables) {
    this.customerTelemetry = customerApp;
    this.orderTelemetry = orderApp;
    this.relayTelemetry = Map.copyOf(relayVariables);
    return this;
  }

  /** The relay of one database, running. */
  RelayProcess relay(ServiceDatabase db) {
    return relays.get(db);
  }

  static String slot(ServiceDatabase db) {
    return db.databaseName() + "_outbox";
  }

  Platform start() {
    return startRelaysAndCustomerApp().startOrderApp();
  }

  /** Both relays and customer-app: the customer side runs, order-app not yet. */
  Platform startRelaysAndCustomerApp() {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      relayPorts.put(db, Ports.free());
      startRelay(db);
    }
    DbLogin customerLogin = stack.appLogin(ServiceDatabase.CUSTOMERS);
    customerApp =
        CustomerApp.start(
            CustomerAppConfig.fromEnvironment(
                Map.of(
                    "CUSTOMER_APP_HTTP_PORT", "0",
                    "CUSTOMER_APP_DB_URL", stack.jdbcUrl(ServiceDatabase.CUSTOMERS),
                    "CUSTOMER_APP_DB_USER", customerLogin.user(),
                    "CUSTOMER_APP_DB_PASSWORD", customerLogin.password(),
                    "CUSTOMER_APP_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers())),
            customerTelemetry);
    return this;
  }

  /** order-app, after {@link #startRelaysAndCustomerApp()}. */
  Platform startOrderApp() {
    DbLogin orderLogin = stack.appLogin(ServiceDatabase.ORDERS);
    orderApp =
        OrderApp.start(
            OrderAppConfig.fromEnvironment(
                Map.of(
                    "ORDER_APP_HTTP_PORT", "0",
                    "ORDER_APP_DB_URL", stack.jdbcUrl(ServiceDatabase.ORDERS),
                    "ORDER_APP_DB_USER", orderLogin.user(),
                    "ORDER_APP_DB_PASSWORD", orderLogin.password(),
                    "ORDER_APP_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers())),
            orderTelemetry);
    return this;
  }

  /** Starts (or starts again) the relay of one database and waits until it streams. */
  void startRelay(ServiceDatabase db) {
    DbLogin login = stack.relayLogin(db);
    try {
      Map<String, String> environment =
          new HashMap<>(
              Map.of(
                  "RELAY_DB_URL", stack.jdbcUrl(db),
                  "RELAY_DB_USER", login.user(),
                  "RELAY_DB_PASSWORD", login.password(),
                  "RELAY_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers(),
                  "RELAY_SLOT", slot(db),
                  "RELAY_SOURCE", db == ServiceDatabase.CUSTOMERS ? "customer-app" : "order-app",
                  "RELAY_HTTP_PORT", Integer.toString(relayPorts.get(db))));
      environment.putAll(relayTelemetry);
      RelayProcess relay = RelayProcess.start(db.databaseName() + "-relay", environment);
      relays.put(db, relay);
      relay.awaitHealthy(Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL of one relay's HTTP endpoints. */
  java.net.URI relayUrl(ServiceDatabase db) {
    return java.net.URI.create("http://127.0.0.1:" + relayPorts.get(db));
  }

  /** SIGKILL of one relay. */
  void killRelay(ServiceDatabase db) throws InterruptedException {
    relays.remove(db).kill();
  }

  Http customers() {
    return new Http(customerApp.baseUri());
  }

  Http orders() {
    return new Http(orderApp.baseUri());
  }

  CustomerApp customerApp() {
    return customerApp;
  }

  OrderApp orderApp() {
    return orderApp;
  }

  @Override
  public void close() throws Exception {
    if (orderApp != null) {
      orderApp.close();
    }
    if (customerApp != null) {
      customerApp.close();
    }
    for (RelayProcess relay : relays.values()) {
      relay.terminate();
      relay.awaitExit(Duration.ofMinutes(2));
    }
  }
}
