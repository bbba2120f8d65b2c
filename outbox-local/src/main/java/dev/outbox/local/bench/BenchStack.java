package dev.outbox.local.bench;

import dev.outbox.local.ChildSpec;
import dev.outbox.local.LocalDeployment;
import dev.outbox.local.Servers;
import dev.outbox.local.SupervisedChild;
import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.stack.Durability;
import dev.outbox.stack.KafkaProcess;
import dev.outbox.stack.PostgresProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's own PostgreSQL and Kafka broker, each a child process as in {@code bin/outbox
 * up}, on free ports and with their data in a temporary folder that {@link #close()} deletes.
 * PostgreSQL is {@link Durability#DURABLE} (fsync, full_page_writes, synchronous_commit on) and
 * keeps commit timestamps ({@code track_commit_timestamp}), from which the end-to-end latency is
 * read. The service databases are prepared as production prepares them.
 */
final class BenchStack implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Path dataDirectory;
  private final List<SupervisedChild> children = new ArrayList<>();
  private KafkaProcess broker;
  private Servers servers;

  private BenchStack(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /** Starts PostgreSQL, then Kafka, then prepares the databases; on failure stops what started. */
  static BenchStack start(LocalDeployment deployment) {
    Path dir;
    try {
      dir = Files.createTempDirectory("outbox-bench-");
    } catch (IOException e) {
      throw new BenchException("cannot create a temporary folder: " + e.getMessage(), e);
    }
    BenchStack stack = new BenchStack(dir);
    try {
      stack.startServers(deployment);
      return stack;
    } catch (RuntimeException e) {
      // Stopped by Ctrl-C: the servers still get their time to stop.
      boolean interrupted = Thread.interrupted();
      stack.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  private void startServers(LocalDeployment deployment) {
    PostgresProcess postgres =
        PostgresProcess.prepare(
            dataDirectory.resolve("postgres"), FreePorts.next(), Durability.DURABLE);
    ChildSpec spec = deployment.postgres(postgres);
    List<String> command = new ArrayList<>(spec.command());
    // Later -c settings win: the commit time of every transaction, for the end-to-end latency.
    command.addAll(List.of("-c", "track_commit_timestamp=on"));
    start(
        new ChildSpec(
            spec.name(),
            command,
            spec.environment(),
            spec.logFile(),
            spec.address(),
            spec.health(),
            spec.stopSignal(),
            spec.permanentExits(),
            spec.lastWordsPrefix()));
    broker = new KafkaProcess(dataDirectory.resolve("kafka"), FreePorts.next(), FreePorts.next());
    start(deployment.kafka(broker));
    ClusterSetup cluster = new ClusterSetup(postgres.server(), ClusterSetup.developmentPasswords());
    cluster.prepareAll();
    servers = new Servers(postgres.server(), cluster, broker.bootstrapServers());
  }

  private void start(ChildSpec spec) {
    SupervisedChild child = new SupervisedChild(spec, Clock.systemUTC());
    children.add(child);
    child.start();
    Children.awaitHealthy(child, START_TIMEOUT);
  }

  Servers servers() {
    return servers;
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** The postmaster's process id: its tree is the whole server. */
  long postgresPid() {
    return children.get(0).pid().orElseThrow();
  }

  long kafkaPid() {
    return children.get(1).pid().orElseThrow();
  }

  /** Stops Kafka, then PostgreSQL, and deletes their data. Safe to call more than once. */
  @Override
  public synchronized void close() {
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).stop(STOP_GRACE);
    }
    children.clear();
    if (broker != null) {
      broker.close();
      broker = null;
    }
    deleteRecursively(dataDirectory);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
