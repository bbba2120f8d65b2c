package dev.outbox.stack;

import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Servers that run already, given by the {@code OUTBOX_STACK_*} variables. The stack checks that
 * PostgreSQL decodes logically and prepares the service databases there; closing it stops nothing.
 */
final class ExternalStack implements OutboxStack {

  private final PgServer postgres;
  private final String kafkaBootstrap;
  private final ClusterSetup cluster;

  private ExternalStack(PgServer postgres, String kafkaBootstrap, Map<String, String> passwords) {
    this.postgres = postgres;
    this.kafkaBootstrap = kafkaBootstrap;
    this.cluster = new ClusterSetup(postgres, passwords);
  }

  static ExternalStack start(ExternalServers servers, Map<String, String> passwords) {
    DbLogin admin = new DbLogin(servers.user(), servers.password());
    PgServer server = new PgServer(servers.url().host(), servers.url().port(), admin);
    requireLogicalDecoding(servers);
    return new ExternalStack(server, servers.kafkaBootstrap(), passwords);
  }

  private static void requireLogicalDecoding(ExternalServers servers) {
    String url = servers.url().url();
    try (Connection c = DriverManager.getConnection(url, servers.user(), servers.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW wal_level")) {
      rs.next();
      String walLevel = rs.getString(1);
      if (!"logical".equals(walLevel)) {
        throw new StackException(
            "The PostgreSQL server at "
                + servers.url()
                + " has wal_level="
                + walLevel
                + "; the relay needs wal_level=logical (set it in postgresql.conf and restart the"
                + " server), or use OUTBOX_STACK=embedded.");
      }
    } catch (SQLException e) {
      throw new StackException(
          "Could not connect to "
              + StackSettings.DB_URL.name()
              + "="
              + servers.url()
              + " as "
              + servers.user()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public StackMode mode() {
    return StackMode.EXTERNAL;
  }

  @Override
  public PgServer postgres() {
    return postgres;
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafkaBootstrap;
  }

  @Override
  public ClusterSetup cluster() {
    return cluster;
  }

  @Override
  public void close() {
    // Nothing to stop: these servers were running before the stack and keep running after it.
  }
}
