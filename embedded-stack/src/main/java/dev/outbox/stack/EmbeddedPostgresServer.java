package dev.outbox.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server from the zonky binaries, configured for logical decoding. Its data
 * folder survives {@link #stop()}, so it can be started again in place.
 */
final class EmbeddedPostgresServer implements ServerControl {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  static final String SUPERUSER = "postgres";

  private final Path dataDirectory;
  private final int port;
  private final Map<String, String> serverConfig;
  private EmbeddedPostgres postgres;

  EmbeddedPostgresServer(Path dataDirectory, int port) {
    this(dataDirectory, port, Map.of());
  }

  /** With settings that override the defaults below (tests use it to get a wrong wal_level). */
  EmbeddedPostgresServer(Path dataDirectory, int port, Map<String, String> serverConfig) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.serverConfig = Map.copyOf(serverConfig);
  }

  int port() {
    return port;
  }

  @Override
  public synchronized void start() {
    if (postgres != null) {
      return;
    }
    Ports.requireFree(port, "Embedded PostgreSQL");
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              // The folder is ours: it must survive stop() for restarts and the local run.
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", Ports.LOOPBACK)
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_replication_slots", "16")
              .setServerConfig("max_wal_senders", "16")
              .setServerConfig("max_connections", "200")
              // Tests and the local run favour speed over durability of the whole machine.
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "off");
      serverConfig.forEach(builder::setServerConfig);
      postgres = builder.start();
      LOG.info(
          "EmbeddedPostgres - started on {}:{}, data in {}", Ports.LOOPBACK, port, dataDirectory);
    } catch (IOException | RuntimeException e) {
      throw new StackException(explain(e), e);
    }
  }

  @Override
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
      LOG.info("EmbeddedPostgres - stopped");
    } catch (IOException e) {
      throw new StackException("Embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
    } finally {
      postgres = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return postgres != null;
  }

  /** The postmaster's process id while it runs, read from its pid file. */
  Optional<Long> postmasterPid() {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      String first = Files.readAllLines(pidFile).get(0).trim();
      return Optional.of(Long.parseLong(first));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private String explain(Exception e) {
    String detail = String.valueOf(e.getMessage());
    StringBuilder message =
        new StringBuilder("Embedded PostgreSQL could not start on port ")
            .append(port)
            .append(" with data in ")
            .append(dataDirectory)
            .append(": ")
            .append(detail);
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      message.append(
          ". Running as root, the server is started inside a user namespace (unshare -U);"
              + " if user namespaces are not available here, run as another user");
    }
    message.append(
        ". Alternatives: OUTBOX_STACK=external with OUTBOX_DB_URL, OUTBOX_DB_USER,"
            + " OUTBOX_DB_PASSWORD and OUTBOX_KAFKA_BOOTSTRAP pointing at your own servers, or"
            + " OUTBOX_STACK=containers where a Docker engine runs.");
    return message.toString();
  }
}
