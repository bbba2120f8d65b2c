package dev.outbox.local;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.KafkaProcess;
import dev.outbox.stack.PostgresProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The processes of the reference deployment, as production runs them: customer-app, order-app (one
 * or more instances of each), and one relay sidecar beside each service database (and a standby
 * beside it, when asked), each started with {@code java -jar} and configured only through its
 * environment; and, for the embedded stack, PostgreSQL and the Kafka broker as processes of their
 * own.
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

  /**
   * The processes of {@code width}'s plan: the relays, then the apps' instances, then the standby
   * relays. Each app instance differs from the others of its app only by its port: one consumer
   * group, one database. A standby runs with its relay's environment (slot included) but its own
   * port: the slot's lock makes one of the two stream.
   *
   * @param standbyCounts whether a relay that is a ready standby counts as healthy; read at each
   *     check, so that it can be false until the standbys are started
   */
  List<ChildSpec> services(Servers servers, Width width, BooleanSupplier standbyCounts) {
    List<ChildSpec> specs = new ArrayList<>();
    for (Width.Planned planned : width.plan()) {
      specs.add(
          planned.relay()
              ? relay(servers, planned, width.partitions(), standbyCounts)
              : app(servers, planned));
    }
    return specs;
  }

  /** The jars the children run; {@code bin/outbox} builds them when one is missing. */
  List<Path> jars() {
    return List.of(
        home.resolve("outbox-relay/target/outbox-relay.jar"),
        home.resolve("customer-app/target/customer-app.jar"),
        home.resolve("order-app/target/order-app.jar"));
  }

  private ChildSpec relay(
      Servers servers, Width.Planned planned, int partitions, BooleanSupplier standbyCounts) {
    ServiceDatabase db = planned.database();
    DbLogin login = servers.relayLogin(db);
    String name = planned.name();
    int port = planned.port();
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
            // Slot names are global to the server: one per database, shared with its standby.
            "RELAY_SLOT", db.databaseName() + "_outbox",
            "RELAY_SOURCE", planned.app().appName(),
            "RELAY_TOPIC_PARTITIONS", Integer.toString(partitions),
            "RELAY_HTTP_PORT", Integer.toString(port)),
        logDirectory.resolve(name + ".log"),
        base(port).toString(),
        new HttpHealthCheck(name, base(port), standbyCounts),
        StopSignal.TERM,
        RELAY_PERMANENT_EXITS,
        "outbox-relay: ");
  }

  private ChildSpec app(Servers servers, Width.Planned planned) {
    LocalApp app = planned.app();
    ServiceDatabase db = app.database();
    DbLogin login = servers.appLogin(db);
    String name = planned.name();
    String prefix = app.prefix();
    int port = planned.port();
    // Exactly what the app requires: its database, login and Kafka; the port of the local run.
    return new ChildSpec(
        name,
        List.of(
            java,
            "-Xmx256m",
            "-jar",
            home.resolve(app.appName() + "/target/" + app.appName() + ".jar").toString()),
        Map.of(
            prefix + "_DB_URL", servers.jdbcUrl(db),
            prefix + "_DB_USER", login.user(),
            prefix + "_DB_PASSWORD", login.password(),
            prefix + "_KAFKA_BOOTSTRAP", servers.kafkaBootstrap(),
            prefix + "_HTTP_PORT", Integer.toString(port)),
        logDirectory.resolve(name + ".log"),
        base(port).toString(),
        new HttpHealthCheck(name, base(port), () -> false),
        StopSignal.TERM,
        APP_PERMANENT_EXITS,
        app.appName() + ": ");
  }

  /** Where a planned process answers. */
  static URI base(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }
}
