package dev.outbox.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server from the zonky binaries, configured for logical decoding, that
 * authenticates every role by password (SCRAM). Its data folder survives {@link #stop()}, so it can
 * be started again in place; a folder an earlier version made with trust authentication is upgraded
 * in place when it starts.
 */
final class EmbeddedPostgresServer implements ServerControl {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  static final String SUPERUSER = "postgres";

  /** The superuser's password on every embedded server (the README gives it to people). */
  static final String SUPERUSER_PASSWORD = "postgres";

  private final Path dataDirectory;
  private final int port;
  private final Durability durability;
  private final Map<String, String> overrides;
  private EmbeddedPostgres postgres;

  EmbeddedPostgresServer(Path dataDirectory, int port, Durability durability) {
    this(dataDirectory, port, durability, Map.of());
  }

  /** With settings that override the defaults below (tests use it to get a wrong wal_level). */
  EmbeddedPostgresServer(
      Path dataDirectory, int port, Durability durability, Map<String, String> overrides) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.durability = durability;
    this.overrides = Map.copyOf(overrides);
  }

  int port() {
    return port;
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** The server settings, given on the command line of every start (never in postgresql.conf). */
  Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("listen_addresses", Ports.LOOPBACK);
    settings.put("wal_level", "logical");
    settings.put("max_replication_slots", "16");
    settings.put("max_wal_senders", "16");
    settings.put("max_connections", "200");
    settings.put("password_encryption", ServerAuthentication.METHOD);
    // zonky starts the server with -F (fsync off); these come after it and decide.
    settings.putAll(durability.serverSettings());
    settings.putAll(overrides);
    return settings;
  }

  @Override
  public synchronized void start() {
    if (postgres != null) {
      return;
    }
    Ports.requireFree(port, "Embedded PostgreSQL");
    Path passwordFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".pwfile");
    try {
      Files.createDirectories(dataDirectory);
      writePasswordFile(passwordFile);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              // The folder is ours: it must survive stop() for restarts and the local run.
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              // zonky hands these to initdb as --key=value after its own "-A trust": they win.
              .setLocaleConfig("auth", ServerAuthentication.METHOD)
              .setLocaleConfig("pwfile", passwordFile.toString())
              // zonky's readiness check logs in as the superuser.
              .setConnectConfig("password", SUPERUSER_PASSWORD);
      serverSettings().forEach(builder::setServerConfig);
      postgres = builder.start();
      new ServerAuthentication(dataDirectory, port, SUPERUSER, SUPERUSER_PASSWORD).require();
      LOG.info(
          "EmbeddedPostgres - started on {}:{} ({}), data in {}",
          Ports.LOOPBACK,
          port,
          durability,
          dataDirectory);
    } catch (IOException | RuntimeException e) {
      stopQuietly();
      throw new StackException(explain(e), e);
    } finally {
      deleteQuietly(passwordFile);
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
    return PostmasterPidFile.read(dataDirectory);
  }

  /**
   * The folder of the PostgreSQL binaries zonky extracted, read from the running postmaster (zonky
   * keeps it to itself).
   *
   * @throws StackException when the server does not run or its executable cannot be read
   */
  Path binDirectory() {
    return postmasterPid()
        .flatMap(ProcessHandle::of)
        .flatMap(p -> p.info().command())
        .map(command -> Path.of(command).getParent())
        .orElseThrow(
            () ->
                new StackException(
                    "cannot tell where the PostgreSQL binaries are: the postmaster of "
                        + dataDirectory
                        + " does not run, or its executable cannot be read"));
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.warn("EmbeddedPostgres - stopping after a failed start failed too", e);
    }
  }

  /** initdb reads the superuser's password from a file; only the owner may read it. */
  private static void writePasswordFile(Path file) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, SUPERUSER_PASSWORD + "\n");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("EmbeddedPostgres - could not delete {}: {}", file, e.getMessage());
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
        ". Alternatives: OUTBOX_STACK=external with OUTBOX_STACK_DB_URL, OUTBOX_STACK_DB_USER,"
            + " OUTBOX_STACK_DB_PASSWORD and OUTBOX_STACK_KAFKA_BOOTSTRAP pointing at your own"
            + " servers, or OUTBOX_STACK=containers where a Docker engine runs.");
    return message.toString();
  }
}
