package dev.outbox.relay.position;

import dev.outbox.config.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC connections of the relay's own (the engine opens its own through Debezium). */
public final class Connections {

  private Connections() {}

  /**
   * Opens a connection named after its purpose in {@code pg_stat_activity}, with timeouts so that a
   * vanished server fails a call instead of hanging it.
   */
  public static Connection open(Database db, String purpose) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", db.user());
    props.setProperty("password", db.password());
    props.setProperty("ApplicationName", "outbox-relay " + purpose);
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "30");
    props.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(db.url().url(), props);
  }
}
