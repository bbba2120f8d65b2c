package dev.outbox.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an embedded server authenticate every role by password (SCRAM), so that the least-privilege
 * roles of the service databases mean something: without it any client could log in as any role. A
 * data folder that an earlier version made with {@code trust} is upgraded in place: the superuser
 * gets its password while trust still lets it in, then pg_hba.conf is rewritten and reloaded.
 */
final class ServerAuthentication {

  private static final Logger LOG = LoggerFactory.getLogger(ServerAuthentication.class);

  static final String METHOD = "scram-sha-256";

  /** SQLSTATE invalid_password: what a wrong password gets. */
  static final String INVALID_PASSWORD = "28P01";

  static final String PG_HBA =
      """
      # Written by the outbox embedded stack: every role logs in with its password (SCRAM).
      # TYPE  DATABASE     USER  ADDRESS       METHOD
      local   all          all                 scram-sha-256
      host    all          all   127.0.0.1/32  scram-sha-256
      host    all          all   ::1/128       scram-sha-256
      local   replication  all                 scram-sha-256
      host    replication  all   127.0.0.1/32  scram-sha-256
      host    replication  all   ::1/128       scram-sha-256
      """;

  private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(15);

  private final Path dataDirectory;
  private final int port;
  private final String superuser;
  private final String password;

  ServerAuthentication(Path dataDirectory, int port, String superuser, String password) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.superuser = superuser;
    this.password = password;
  }

  /**
   * Gives the superuser its password, closes the maintenance databases to other roles, and makes
   * pg_hba.conf require passwords; waits until the running server does.
   *
   * @throws StackException when the server cannot be reached or pg_hba.conf written
   */
  void require() {
    try (Connection c = connect(password);
        Statement st = c.createStatement()) {
      st.execute("ALTER ROLE " + superuser + " PASSWORD '" + password.replace("'", "''") + "'");
      // PostgreSQL lets every role connect to these by default; only the superuser needs them.
      st.execute("REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC");
      st.execute("REVOKE CONNECT ON DATABASE template1 FROM PUBLIC");
      Path hba = dataDirectory.resolve("pg_hba.conf");
      String current = Files.exists(hba) ? Files.readString(hba) : "";
      if (current.equals(PG_HBA)) {
        return;
      }
      Files.writeString(hba, PG_HBA);
      st.execute("SELECT pg_reload_conf()");
      LOG.info(
          "EmbeddedPostgres - {}: pg_hba.conf now requires passwords ({}); it was: {}",
          dataDirectory,
          METHOD,
          current.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    } catch (SQLException | IOException e) {
      throw new StackException(
          "Could not require passwords on the embedded PostgreSQL in "
              + dataDirectory
              + ": "
              + e.getMessage(),
          e);
    }
    awaitPasswordsRequired();
  }

  /** A reload is asynchronous: wait until a wrong password is refused. */
  private void awaitPasswordsRequired() {
    Instant deadline = Instant.now().plus(RELOAD_TIMEOUT);
    String wrong = "not-" + UUID.randomUUID();
    while (true) {
      try (Connection c = connect(wrong)) {
        if (Instant.now().isAfter(deadline)) {
          throw new StackException(
              "The embedded PostgreSQL in "
                  + dataDirectory
                  + " still lets a wrong password in after reloading pg_hba.conf");
        }
      } catch (SQLException e) {
        if (INVALID_PASSWORD.equals(e.getSQLState())) {
          return;
        }
        throw new StackException("Could not check the password of " + superuser + ": " + e, e);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("interrupted while waiting for pg_hba.conf to be reloaded", e);
      }
    }
  }

  private Connection connect(String withPassword) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/postgres", superuser, withPassword);
  }
}
