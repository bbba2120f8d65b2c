package dev.outbox.reference.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a PostgreSQL server for the reference deployment: the login roles of the apps and
 * relays, one database per service that only its own roles may connect to, and the migrations of
 * each. Every step is idempotent, so it runs at each start of the local run and of a test stack.
 */
public final class ClusterSetup {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

  private final PgServer server;
  private final Map<String, String> passwordByRole;

  /**
   * @param server the server, reached as its administrator
   * @param passwordByRole the password of every login role of {@link ServiceDatabase} (the app and
   *     relay role of each)
   */
  public ClusterSetup(PgServer server, Map<String, String> passwordByRole) {
    this.server = server;
    this.passwordByRole = Map.copyOf(passwordByRole);
    for (ServiceDatabase db : ServiceDatabase.values()) {
      requirePassword(db.appRole());
      requirePassword(db.relayRole());
    }
  }

  /** The passwords of the local run and the tests: each role's password is its name. */
  public static Map<String, String> developmentPasswords() {
    var passwords = new HashMap<String, String>();
    for (ServiceDatabase db : ServiceDatabase.values()) {
      passwords.put(db.appRole(), db.appRole());
      passwords.put(db.relayRole(), db.relayRole());
    }
    return Map.copyOf(passwords);
  }

  /** The login an app or relay role uses. */
  public DbLogin login(String role) {
    return new DbLogin(role, requirePassword(role));
  }

  /** Creates what is missing (roles, databases, grants) and migrates every service database. */
  public void prepareAll() {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      prepare(db);
    }
  }

  /** Creates the roles and the database of one service if missing, then applies its migrations. */
  public void prepare(ServiceDatabase db) {
    try (Connection admin = connect("postgres")) {
      ensureRole(admin, db.appRole(), false);
      ensureRole(admin, db.relayRole(), true);
      ensureDatabase(admin, db);
    } catch (SQLException e) {
      throw new SchemaException(
          "Could not prepare roles and database '"
              + db.databaseName()
              + "' on "
              + server.host()
              + ":"
              + server.port()
              + " as "
              + server.admin().user()
              + ": "
              + e.getMessage(),
          e);
    }
    new SchemaMigrator(server.jdbcUrl(db.databaseName()), server.admin()).migrate(db);
  }

  /**
   * Creates a database with the platform's tables only (no roles, no app tables) if missing: what a
   * library of the platform is compiled against.
   */
  public void preparePlatformOnly(String databaseName) {
    try (Connection admin = connect("postgres")) {
      if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", databaseName)) {
        try (Statement st = admin.createStatement()) {
          st.execute("CREATE DATABASE " + quoteIdent(databaseName));
        }
      }
    } catch (SQLException e) {
      throw new SchemaException(
          "Could not create database '" + databaseName + "': " + e.getMessage(), e);
    }
    new SchemaMigrator(server.jdbcUrl(databaseName), server.admin()).migratePlatform(databaseName);
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        server.jdbcUrl(database), server.admin().user(), server.admin().password());
  }

  private void ensureRole(Connection admin, String role, boolean replication) throws SQLException {
    String attributes = replication ? "LOGIN REPLICATION" : "LOGIN NOREPLICATION";
    String password = quoteLiteral(requirePassword(role));
    boolean exists = exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role);
    try (Statement st = admin.createStatement()) {
      // Re-applied on every start, so a changed password or a hand-edited attribute is corrected.
      st.execute(
          (exists ? "ALTER ROLE " : "CREATE ROLE ")
              + quoteIdent(role)
              + " "
              + attributes
              + " PASSWORD "
              + password);
    }
    if (!exists) {
      LOG.info("ClusterSetup - created role {} ({})", role, attributes);
    }
  }

  private void ensureDatabase(Connection admin, ServiceDatabase db) throws SQLException {
    String name = quoteIdent(db.databaseName());
    if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", db.databaseName())) {
      try (Statement st = admin.createStatement()) {
        st.execute("CREATE DATABASE " + name);
      }
      LOG.info("ClusterSetup - created database {}", db.databaseName());
    }
    try (Statement st = admin.createStatement()) {
      // Only the service's own app and relay may connect: no service reads another's database.
      st.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + name + " FROM PUBLIC");
      st.execute(
          "GRANT CONNECT ON DATABASE "
              + name
              + " TO "
              + quoteIdent(db.appRole())
              + ", "
              + quoteIdent(db.relayRole()));
    }
  }

  private static boolean exists(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private String requirePassword(String role) {
    String password = passwordByRole.get(role);
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("No password given for role " + role);
    }
    return password;
  }

  private static String quoteIdent(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }

  private static String quoteLiteral(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
