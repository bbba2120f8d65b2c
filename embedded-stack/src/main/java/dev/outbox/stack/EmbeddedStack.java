package dev.outbox.stack;

import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL and Kafka started by this JVM: the default stack of the tests. */
final class EmbeddedStack implements OutboxStack {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  private final EmbeddedPostgresServer postgres;
  private final EmbeddedKafkaBroker kafka;
  private final ClusterSetup cluster;
  private final Path dataDirectory;
  private final boolean temporary;

  private EmbeddedStack(
      EmbeddedPostgresServer postgres,
      EmbeddedKafkaBroker kafka,
      Map<String, String> passwords,
      Path dataDirectory,
      boolean temporary) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.cluster = new ClusterSetup(postgres(postgres), passwords);
    this.dataDirectory = dataDirectory;
    this.temporary = temporary;
  }

  static EmbeddedStack start(
      StackOptions options, Map<String, String> passwords, boolean withKafka) {
    boolean temporary = options.dataDirectory() == null;
    Path dir;
    try {
      dir =
          temporary
              ? Files.createTempDirectory("outbox-stack-")
              : Files.createDirectories(options.dataDirectory());
    } catch (IOException e) {
      throw new StackException("Could not create the stack's data folder: " + e.getMessage(), e);
    }
    EmbeddedPostgresServer pg =
        new EmbeddedPostgresServer(
            dir.resolve("postgres"), Ports.resolve(options.postgresPort()), options.durability());
    EmbeddedKafkaBroker broker =
        withKafka
            ? new EmbeddedKafkaBroker(
                dir.resolve("kafka"),
                Ports.resolve(options.kafkaPort()),
                Ports.resolve(options.kafkaControllerPort()))
            : null;
    EmbeddedStack stack = new EmbeddedStack(pg, broker, passwords, dir, temporary);
    try {
      pg.start();
      if (broker != null) {
        broker.start();
      }
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private static PgServer postgres(EmbeddedPostgresServer pg) {
    return new PgServer(
        Ports.LOOPBACK,
        pg.port(),
        new DbLogin(EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER_PASSWORD));
  }

  @Override
  public StackMode mode() {
    return StackMode.EMBEDDED;
  }

  @Override
  public PgServer postgres() {
    return postgres(postgres);
  }

  @Override
  public String kafkaBootstrapServers() {
    if (kafka == null) {
      throw new IllegalStateException("This stack was started without Kafka");
    }
    return kafka.bootstrapServers();
  }

  @Override
  public ClusterSetup cluster() {
    return cluster;
  }

  @Override
  public Optional<ServerControl> postgresControl() {
    return Optional.of(postgres);
  }

  @Override
  public Optional<ServerControl> kafkaControl() {
    return Optional.ofNullable(kafka);
  }

  /** The folder that holds this stack's data. */
  Path dataDirectory() {
    return dataDirectory;
  }

  /** The postmaster's process id while it runs. */
  Optional<Long> postgresPid() {
    return postgres.postmasterPid();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (ServerControl server : new ServerControl[] {kafka, postgres}) {
      if (server == null) {
        continue;
      }
      try {
        server.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (temporary) {
      deleteRecursively(dataDirectory);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("EmbeddedStack - could not delete {}: {}", dir, e.getMessage());
    }
  }
}
