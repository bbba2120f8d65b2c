package dev.outbox.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one KRaft node that is both controller and broker, listening on
 * loopback. Its log folder survives {@link #stop()}, so it can be started again in place with the
 * same cluster id; {@link KafkaBrokerMain} runs one as a process of its own.
 */
final class EmbeddedKafkaBroker implements ServerControl {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path logDirectory;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  EmbeddedKafkaBroker(Path logDirectory, int port, int controllerPort) {
    this.logDirectory = logDirectory;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  String bootstrapServers() {
    return Ports.LOOPBACK + ":" + port;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    Ports.requireFree(port, "Embedded Kafka");
    Ports.requireFree(controllerPort, "Embedded Kafka's controller");
    try {
      Files.createDirectories(logDirectory);
      Properties props = brokerProperties();
      format(props);
      KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      raftServer.startup();
      server = raftServer;
      awaitReady();
      LOG.info("EmbeddedKafka - started on {}, logs in {}", bootstrapServers(), logDirectory);
    } catch (IOException | RuntimeException e) {
      stopQuietly();
      throw new StackException(
          "Embedded Kafka could not start on "
              + bootstrapServers()
              + ": "
              + e.getMessage()
              + ". Alternatives: OUTBOX_STACK=external with OUTBOX_STACK_KAFKA_BOOTSTRAP (and the"
              + " OUTBOX_STACK_DB_* variables), or OUTBOX_STACK=containers where a Docker engine"
              + " runs.",
          e);
    }
  }

  @Override
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
      LOG.info("EmbeddedKafka - stopped");
    } finally {
      server = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return server != null;
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.warn("EmbeddedKafka - stopping after a failed start failed too", e);
    }
  }

  private Properties brokerProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + Ports.LOOPBACK
            + ":"
            + port
            + ",CONTROLLER://"
            + Ports.LOOPBACK
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDirectory.toString());
    // A single node: every internal topic has one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // After a kill, the restarted node waits for its previous incarnation's session to expire
    // before it serves (9 s by default); on one loopback node a short session is safe.
    p.put("broker.session.timeout.ms", "3000");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("auto.create.topics.enable", "true");
    p.put("num.partitions", "3");
    p.put("log.retention.hours", "168");
    return p;
  }

  /**
   * Formats the log folder once. A folder that holds data already is kept as it is: formatting is
   * what gives a KRaft node its cluster id, and a restart must find the same one.
   */
  private void format(Properties props) throws IOException {
    if (Files.exists(logDirectory.resolve("meta.properties"))) {
      return;
    }
    Path config = logDirectory.resolveSibling(logDirectory.getFileName() + ".properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "embedded Kafka broker");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exit =
          StorageTool.execute(
              new String[] {
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toString(),
                "--ignore-formatted"
              },
              print);
    }
    if (exit != 0) {
      throw new StackException(
          "formatting " + logDirectory + " failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    try (Admin admin = Admin.create(config)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (Instant.now().isAfter(deadline)) {
            throw new StackException("no answer from the broker within " + READY_TIMEOUT, e);
          }
          TimeUnit.MILLISECONDS.sleep(200);
        }
        if (Instant.now().isAfter(deadline)) {
          throw new StackException("the broker reported no nodes within " + READY_TIMEOUT);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for the broker", e);
    }
  }
}
