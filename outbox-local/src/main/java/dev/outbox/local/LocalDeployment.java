package dev.outbox.local;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The processes of the reference deployment, as production runs them: customer-app, order-app, and
 * one relay sidecar beside each service database, each started with {@code java -jar} and
 * configured only through its environment.
 */
final class LocalDeployment {

  static final int CUSTOMER_APP_PORT = 8081;
  static final int ORDER_APP_PORT = 8082;
  static final int CUSTOMER_RELAY_PORT = 8091;
  static final int ORDER_RELAY_PORT = 8092;

  private final Path home;
  private final Path logDirectory;
  private final String java;

  /**
   * @param home the repository root, where the built jars are
   * @param logDirectory where each child's log goes
   */
  LocalDeployment(Path home, Path logDirectory) {
    this.home = home;
    this.logDirectory = logDirectory;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  List<ChildSpec> children(OutboxStack stack) {
    return List.of(
        relay(stack, ServiceDatabase.CUSTOMERS, "customer-app", CUSTOMER_RELAY_PORT),
        relay(stack, ServiceDatabase.ORDERS, "order-app", ORDER_RELAY_PORT),
        app(stack, ServiceDatabase.CUSTOMERS, "customer-app", "CUSTOMER_APP", CUSTOMER_APP_PORT),
        app(stack, ServiceDatabase.ORDERS, "order-app", "ORDER_APP", ORDER_APP_PORT));
  }

  /** The jars the children run; {@code bin/outbox} builds them when one is missing. */
  List<Path> jars() {
    return List.of(
        home.resolve("outbox-relay/target/outbox-relay.jar"),
        home.resolve("customer-app/target/customer-app.jar"),
        home.resolve("order-app/target/order-app.jar"));
  }

  private ChildSpec relay(OutboxStack stack, ServiceDatabase db, String source, int port) {
    DbLogin login = stack.relayLogin(db);
    String name = db.databaseName() + "-relay";
    return new ChildSpec(
        name,
        List.of(
            java,
            "-Xmx256m",
            "-jar",
            home.resolve("outbox-relay/target/outbox-relay.jar").toString()),
        Map.of(
            "RELAY_DB_URL", stack.jdbcUrl(db),
            "RELAY_DB_USER", login.user(),
            "RELAY_DB_PASSWORD", login.password(),
            "RELAY_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers(),
            // Slot names are global to the server: one per database.
            "RELAY_SLOT", db.databaseName() + "_outbox",
            "RELAY_SOURCE", source,
            "RELAY_HTTP_PORT", Integer.toString(port)),
        health(port),
        logDirectory.resolve(name + ".log"));
  }

  private ChildSpec app(
      OutboxStack stack, ServiceDatabase db, String name, String prefix, int port) {
    DbLogin login = stack.appLogin(db);
    return new ChildSpec(
        name,
        List.of(
            java, "-Xmx256m", "-jar", home.resolve(name + "/target/" + name + ".jar").toString()),
        Map.of(
            prefix + "_DB_URL", stack.jdbcUrl(db),
            prefix + "_DB_USER", login.user(),
            prefix + "_DB_PASSWORD", login.password(),
            prefix + "_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers(),
            prefix + "_HTTP_PORT", Integer.toString(port)),
        health(port),
        logDirectory.resolve(name + ".log"));
  }

  private static URI health(int port) {
    return URI.create("http://127.0.0.1:" + port + "/health");
  }
}
