package dev.outbox.cli.db;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/**
 * Where the operator commands find PostgreSQL: the local run's server unless told otherwise. Used
 * as a picocli mixin by every command that reads the service databases; the defaults come from the
 * {@code OUTBOX_DB_*} settings ({@link dev.outbox.cli.config.CliSettings}).
 */
public final class DbOptions {

  @Option(
      names = "--db-host",
      description = "PostgreSQL host (default: ${DEFAULT-VALUE}; env OUTBOX_DB_HOST).")
  String host;

  @Option(
      names = "--db-port",
      description = "PostgreSQL port (default: ${DEFAULT-VALUE}; env OUTBOX_DB_PORT).")
  int port;

  @Option(
      names = "--db-user",
      description =
          "A role that may read every service database (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_DB_USER).")
  String user;

  @Option(
      names = "--db-password",
      description = "Its password (default: the local run's; env OUTBOX_DB_PASSWORD).")
  String password;

  /** Options given in code (the console that {@code up} starts in its own process). */
  public static DbOptions of(String host, int port, String user, String password) {
    DbOptions options = new DbOptions();
    options.host = host;
    options.port = port;
    options.user = user;
    options.password = password;
    return options;
  }

  public PgServer server() {
    return new PgServer(host, port, new DbLogin(user, password));
  }

  /**
   * Opens a connection to one service database.
   *
   * @throws SQLException with the server and database in its message
   */
  public Connection connect(ServiceDatabase db) throws SQLException {
    String url = server().jdbcUrl(db.databaseName());
    try {
      return DriverManager.getConnection(url, user, password);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot connect to "
              + url
              + " as "
              + user
              + " (is 'bin/outbox up' running?): "
              + e.getMessage(),
          e.getSQLState(),
          e);
    }
  }
}
