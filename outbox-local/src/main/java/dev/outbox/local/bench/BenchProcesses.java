package dev.outbox.local.bench;

import dev.outbox.cli.health.HealthClient;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.ProcessState;
import dev.outbox.local.ChildSpec;
import dev.outbox.local.HealthCheck;
import dev.outbox.local.LocalDeployment;
import dev.outbox.local.Servers;
import dev.outbox.local.StopSignal;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes the benchmark measures, each started as {@code bin/outbox up} starts it ({@code
 * java -Xmx256m -jar}, configured only by its environment) but on free ports, plus the polling
 * baseline, a JVM of the same size. The JVMs that are measured for memory also write a GC log.
 */
final class BenchProcesses {

  /** The relay's slot: created on its first start, before the backlog is written. */
  static final String SLOT = "bench_customers";

  static final String HEAP = "-Xmx256m";
  private static final HealthClient HEALTH = new HealthClient(Duration.ofSeconds(2));

  private final Path home;
  private final Path logs;
  private final Servers servers;
  private final String java;

  BenchProcesses(Path home, Path logs, Servers servers) {
    this.home = home;
    this.logs = logs;
    this.servers = servers;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The jars the processes run; {@code bin/outbox} builds them when one is missing. */
  static List<Path> jars(Path home) {
    return List.of(relayJar(home), orderAppJar(home));
  }

  private static Path relayJar(Path home) {
    return home.resolve("outbox-relay/target/outbox-relay.jar");
  }

  private static Path orderAppJar(Path home) {
    return home.resolve("order-app/target/order-app.jar");
  }

  Path logOf(String name) {
    return logs.resolve(name + ".log");
  }

  Path gcLog(String name) {
    return logs.resolve(name + ".gc.log");
  }

  /** The customers database's relay, as production configures it, its slot {@link #SLOT}. */
  ChildSpec relay(String name) {
    DbLogin login = servers.relayLogin(ServiceDatabase.CUSTOMERS);
    int port = FreePorts.next();
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DB_URL", servers.jdbcUrl(ServiceDatabase.CUSTOMERS));
    env.put("RELAY_DB_USER", login.user());
    env.put("RELAY_DB_PASSWORD", login.password());
    env.put("RELAY_KAFKA_BOOTSTRAP", servers.kafkaBootstrap());
    env.put("RELAY_SLOT", SLOT);
    env.put("RELAY_SOURCE", "customer-app");
    env.put("RELAY_HTTP_PORT", Integer.toString(port));
    // Its first start is before any row is written; later ones resume from their position.
    env.put("RELAY_EXISTING_ROWS", "skip");
    return spec(
        name,
        List.of(java, HEAP, GcLog.option(gcLog(name)), "-jar", relayJar(home).toString()),
        env,
        port,
        "outbox-relay: ");
  }

  /**
   * order-app as production configures it, with its own consumer name (so that it starts from the
   * topic's beginning, or where its group was placed) and, when given, its batch size.
   */
  ChildSpec orderApp(String name, String consumer, Integer batchSize, String topic) {
    DbLogin login = servers.appLogin(ServiceDatabase.ORDERS);
    int port = FreePorts.next();
    Map<String, String> env = new HashMap<>();
    env.put("ORDER_APP_DB_URL", servers.jdbcUrl(ServiceDatabase.ORDERS));
    env.put("ORDER_APP_DB_USER", login.user());
    env.put("ORDER_APP_DB_PASSWORD", login.password());
    env.put("ORDER_APP_KAFKA_BOOTSTRAP", servers.kafkaBootstrap());
    env.put("ORDER_APP_HTTP_PORT", Integer.toString(port));
    env.put("ORDER_APP_CONSUMER_NAME", consumer);
    env.put("ORDER_APP_CUSTOMER_TOPIC", topic);
    if (batchSize != null) {
      env.put("ORDER_APP_CONSUMER_BATCH_SIZE", Integer.toString(batchSize));
    }
    return spec(name, List.of(java, HEAP, "-jar", orderAppJar(home).toString()), env, port, null);
  }

  /** The polling baseline ({@link PollingRelayMain}), as the server's administrator. */
  ChildSpec pollingRelay(String name, String topic, int batchSize) {
    DbLogin admin = servers.postgres().admin();
    List<String> command =
        List.of(
            java,
            HEAP,
            GcLog.option(gcLog(name)),
            LocalDeployment.LOGBACK_CONFIGURATION,
            "-Doutbox.log.file=" + logOf(name),
            "-cp",
            System.getProperty("java.class.path"),
            PollingRelayMain.class.getName(),
            servers.jdbcUrl(ServiceDatabase.CUSTOMERS),
            admin.user(),
            servers.kafkaBootstrap(),
            topic,
            "customer-app",
            Integer.toString(batchSize));
    return new ChildSpec(
        name,
        command,
        Map.of(PollingRelayMain.PASSWORD_VARIABLE, admin.password()),
        logs.resolve(name + ".log"),
        "(no port)",
        Optional::empty,
        StopSignal.TERM,
        Map.of(),
        "polling-relay: ");
  }

  private ChildSpec spec(
      String name,
      List<String> command,
      Map<String, String> env,
      int port,
      String lastWordsPrefix) {
    URI base = URI.create("http://127.0.0.1:" + port);
    HealthCheck health =
        () -> {
          ProcessHealth answer = HEALTH.fetch(name, base);
          return answer.state() == ProcessState.UP
              ? Optional.empty()
              : Optional.of(String.valueOf(answer.problem()));
        };
    return new ChildSpec(
        name,
        command,
        env,
        logs.resolve(name + ".log"),
        base.toString(),
        health,
        StopSignal.TERM,
        // A benchmark never starts a process again: every exit ends the run.
        Map.of(),
        lastWordsPrefix);
  }
}
