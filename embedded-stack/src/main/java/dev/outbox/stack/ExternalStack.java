package dev.outbox.stack;

import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.PgServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Servers that run already, given by environment variables. The stack checks that PostgreSQL
 * decodes logically and prepares the service databases there; closing it stops nothing.
 */
final class ExternalStack implements OutboxStack {

  static final String DB_URL = "OUTBOX_DB_URL";
  static final String DB_USER = "OUTBOX_DB_USER";
  static final String DB_PASSWORD = "OUTBOX_DB_PASSWORD";
  static final String KAFKA_BOOTSTRAP = "OUTBOX_KAFKA_BOOTSTRAP";

  private final PgServer postgres;
  private final String kafkaBootstrap;
  private final ClusterSetup cluster;

  private ExternalStack(PgServer postgres, String kafkaBootstrap, Map<String, String> passwords) {
    this.postgres = postgres;
    this.kafkaBootstrap = kafkaBootstrap;
    this.cluster = new ClusterSetup(postgres, passwords);
  }

  static ExternalStack start(Map<String, String> env, Map<String, String> passwords) {
    String url = require(env, DB_URL);
    DbLogin admin = new DbLogin(require(env, DB_USER), require(env, DB_PASSWORD));
    String bootstrap = require(env, KAFKA_BOOTSTRAP);
    PgServer server = parse(url, admin);
    requireLogicalDecoding(url, admin);
    return new ExternalStack(server, bootstrap, passwords);
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new StackException(
          "OUTBOX_STACK=external needs "
              + name
              + " (and "
              + String.join(", ", DB_URL, DB_USER, DB_PASSWORD, KAFKA_BOOTSTRAP)
              + "); "
              + name
              + " is not set. Or use OUTBOX_STACK=embedded, which needs nothing.");
    }
    return value;
  }

  /** Host and port of a {@code jdbc:postgresql://host[:port]/database} URL. */
  static PgServer parse(String jdbcUrl, DbLogin admin) {
    String prefix = "jdbc:postgresql://";
    if (!jdbcUrl.startsWith(prefix)) {
      throw new StackException(
          DB_URL + "='" + jdbcUrl + "' is not a jdbc:postgresql://host:port/database URL");
    }
    try {
      URI uri = URI.create("postgresql://" + jdbcUrl.substring(prefix.length()));
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return new PgServer(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(), admin);
    } catch (IllegalArgumentException e) {
      throw new StackException(
          DB_URL + "='" + jdbcUrl + "' is not a jdbc:postgresql://host:port/database URL", e);
    }
  }

  private static void requireLogicalDecoding(String url, DbLogin admin) {
    try (Connection c = DriverManager.getConnection(url, admin.user(), admin.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW wal_level")) {
      rs.next();
      String walLevel = rs.getString(1);
      if (!"logical".equals(walLevel)) {
        throw new StackException(
            "The PostgreSQL server at "
                + url
                + " has wal_level="
                + walLevel
                + "; the relay needs wal_level=logical (set it in postgresql.conf and restart the"
                + " server), or use OUTBOX_STACK=embedded.");
      }
    } catch (SQLException e) {
      throw new StackException(
          "Could not connect to "
              + DB_URL
              + "="
              + url
              + " as "
              + admin.user()
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
