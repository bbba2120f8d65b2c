package dev.outbox.stack;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local run's PostgreSQL as a process of the caller's: {@link #command()} runs the postmaster
 * in the foreground, so that whoever starts it is its parent, learns how it ended (killed by which
 * signal) and can start it again in place. {@link #prepare} readies the data folder first: initdb
 * with password authentication on a new folder, the upgrade from trust on an old one.
 */
public final class PostgresProcess {

  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final EmbeddedPostgresServer server;
  private final Path binDirectory;

  private PostgresProcess(EmbeddedPostgresServer server, Path binDirectory) {
    this.server = server;
    this.binDirectory = binDirectory;
  }

  /**
   * Readies {@code dataDirectory} for a server on {@code port}: starts it once through zonky (which
   * extracts the binaries, runs initdb on a new folder and upgrades an old one to passwords) and
   * stops it again.
   *
   * @throws StackException saying what failed and which other {@code OUTBOX_STACK} to use
   */
  public static PostgresProcess prepare(Path dataDirectory, int port, Durability durability) {
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory, port, durability);
    server.start();
    Path bin;
    long pid;
    try {
      bin = server.binDirectory();
      pid = server.postmasterPid().orElseThrow();
    } finally {
      server.stop();
    }
    // pg_ctl returns once the pid file is gone; the postmaster itself exits a moment later.
    ProcessHandle.of(pid).ifPresent(PostgresProcess::awaitExit);
    return new PostgresProcess(server, bin);
  }

  private static void awaitExit(ProcessHandle process) {
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new StackException("the postmaster " + process.pid() + " did not exit after a stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while waiting for the postmaster to exit", e);
    }
  }

  /**
   * The postmaster in the foreground: it logs to its standard error, stops fast on SIGINT and
   * recovers from its WAL when it starts after a crash. Run as root, it runs in a user namespace
   * (PostgreSQL refuses root), as zonky runs it.
   */
  public List<String> command() {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(binDirectory.resolve("postgres").toString());
    command.addAll(List.of("-D", server.dataDirectory().toString()));
    command.addAll(List.of("-p", Integer.toString(server.port())));
    server
        .serverSettings()
        .forEach((key, value) -> command.addAll(List.of("-c", key + "=" + value)));
    return command;
  }

  /** The server, reached as its superuser. */
  public PgServer server() {
    return new PgServer(
        Ports.LOOPBACK,
        server.port(),
        new DbLogin(EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER_PASSWORD));
  }

  public Path dataDirectory() {
    return server.dataDirectory();
  }

  /**
   * @throws StackException when something listens on the server's port already
   */
  public void requirePortFree() {
    Ports.requireFree(server.port(), "Embedded PostgreSQL");
  }

  /** Why the server does not answer a query now; empty when it does. */
  public Optional<String> problem() {
    PgServer pg = server();
    Properties props = new Properties();
    props.setProperty("user", pg.admin().user());
    props.setProperty("password", pg.admin().password());
    props.setProperty("connectTimeout", Long.toString(CHECK_TIMEOUT.toSeconds()));
    props.setProperty("loginTimeout", Long.toString(CHECK_TIMEOUT.toSeconds()));
    props.setProperty("socketTimeout", Long.toString(CHECK_TIMEOUT.toSeconds()));
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), props);
        Statement st = c.createStatement()) {
      st.execute("SELECT 1");
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(
          "no answer on " + pg.host() + ":" + pg.port() + " (" + e.getMessage() + ")");
    }
  }
}
