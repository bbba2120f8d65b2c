package dev.outbox.local;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.KafkaProcess;
import dev.outbox.stack.PostgresProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The processes of the reference deployment, as production runs them: customer-app, order-app, and
 * one relay sidecar beside each service database, each started with {@code java -jar} and
 * configured only through its environment; and, for the embedded stack, PostgreSQL and the Kafka
 * broker as processes of their own.
 */
public final class LocalDeployment {

  static final int CUSTOMER_APP_PORT = 8081;
  static final int ORDER_APP_PORT = 8082;
  static final int CUSTOMER_RELAY_PORT = 8091;
  static final int ORDER_RELAY_PORT = 8092;

  /**
   * The logback configuration of a JVM on this module's class path, which holds more than one
   * {@code logback.xml} (logback would report that on the process's output).
   */
  public static final String LOGBACK_CONFIGURATION =
      "-Dlogback.configurationFile=dev/outbox/local/logback-local.xml";

  /** The relay's exit statuses that a restart cannot fix (its README). */
  static final Map<Integer, String> RELAY_PERMANENT_EXITS =
      Map.of(2, "a configuration error", 3, "a condition no restart can fix");

  /** An app's exit status of a configuration error. */
  static final Map<Integer, String> APP_PERMANENT_EXITS = Map.of(2, "a configuration error");

  private final Path home;
  private final Path logDirectory;
  private final String java;

  /**
   * @param home the repository root, where the built jars are
   * @param logDirectory where each child's log goes
   */
  public LocalDeployment(Path home, Path logDirectory) {
    this.home = home;
    this.logDirectory = logDirectory;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public ChildSpec postgres(PostgresProcess postgres) {
    return new ChildSpec(
        "postgres",
        postgres.command(),
        Map.of(),
        logDirectory.resolve("postgres.log"),
        postgres.server().host() + ":" + postgres.server().port(),
        postgres::problem,
        StopSignal.INT,
        Map.of(),
        null);
  }

  public ChildSpec kafka(KafkaProcess kafka) {
    Path log = logDirectory.resolve("kafka.log");
    return new ChildSpec(
        "kafka",
        kafka.command(
            List.of(
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Doutbox.log.file=" + log.toString(),
                LOGBACK_CONFIGURATION)),
        Map.of(),
        log,
        kafka.bootstrapServers(),
        kafka::problem,
        StopSignal.TERM,
        Map.of(),
        "kafka-broker: ");
  }

  /** The relays, then the apps. */
  List<ChildSpec> services(Servers servers) {
    return List.of(
        relay(servers, ServiceDatabase.CUSTOMERS, "customer-app", CUSTOMER_RELAY_PORT),
        relay(servers, ServiceDatabase.ORDERS, "order-app", ORDER_RELAY_PORT),
        app(servers, ServiceDatabase.CUSTOMERS, "customer-app", "CUSTOMER_APP", CUSTOMER_APP_PORT),
        app(servers, ServiceDatabase.ORDERS, "order-app", "ORDER_APP", ORDER_APP_PORT));
  }

  /** The jars the children run; {@code bin/outbox} builds them when one is missing. */
  List<Path> jars() {
    return List.of(
        home.resolve("outbox-relay/target/outbox-relay.jar"),
        home.resolve("customer-app/target/customer-app.jar"),
        home.resolve("order-app/target/order-app.jar"));
  }

  private ChildSpec relay(Servers servers, ServiceDatabase db, String source, int port) {
    DbLogin login = servers.relayLogin(db);
    String name = db.databaseName() + "-relay";
    return new ChildSpec(
        name,
        List.of(
            java,
            "-Xmx256m",
            "-jar",
            home.resolve("outbox-relay/target/outbox-relay.jar").toString()),
        Map.of(
            "RELAY_DB_URL", servers.jdbcUrl(db),
            "RELAY_DB_USER", login.user(),
            "RELAY_DB_PASSWORD", login.password(),
            "RELAY_KAFKA_BOOTSTRAP", servers.kafkaBootstrap(),
            // Slot names are global to the server: one per database.
            "RELAY_SLOT", db.databaseName() + "_outbox",
            "RELAY_SOURCE", source,
            "RELAY_HTTP_PORT", Integer.toString(port)),
        logDirectory.resolve(name + ".log"),
        base(port).toString(),
        new HttpHealthCheck(name, base(port)),
        StopSignal.TERM,
        RELAY_PERMANENT_EXITS,
        "outbox-relay: ");
  }

  private ChildSpec app(Servers servers, ServiceDatabase db, String name, String prefix, int port) {
    DbLogin login = servers.appLogin(db);
    // Exactly what the app requires: its database, login and Kafka; the port of the local run.
    return new ChildSpec(
        name,
        List.of(
            java, "-Xmx256m", "-jar", home.resolve(name + "/target/" + name + ".jar").toString()),
        Map.of(
            prefix + "_DB_URL", servers.jdbcUrl(db),
            prefix + "_DB_USER", login.user(),
            prefix + "_DB_PASSWORD", login.password(),
            prefix + "_KAFKA_BOOTSTRAP", servers.kafkaBootstrap(),
            prefix + "_HTTP_PORT", Integer.toString(port)),
        logDirectory.resolve(name + ".log"),
        base(port).toString(),
        new HttpHealthCheck(name, base(port)),
        StopSignal.TERM,
        APP_PERMANENT_EXITS,
        name + ": ");
  }

  private static URI base(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }
}
