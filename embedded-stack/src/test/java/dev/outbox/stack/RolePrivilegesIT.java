package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What each login role may do, as the README's roles table says, checked against the real server:
 * every statement runs in a transaction that is rolled back, and a refusal is PostgreSQL's
 * insufficient_privilege. A statement that is allowed may still fail on a constraint (an empty
 * row): that is not a refusal.
 */
@ExtendWith(OutboxStackExtension.class)
class RolePrivilegesIT {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private static final List<String> PLATFORM_WRITER_TABLES =
      List.of("inbox", "consumer_aggregate", "consumer_counter");
  private static final List<String> RELAY_TABLES = List.of("relay_offset", "relay_heartbeat");
  private static final List<String> VIEWS =
      List.of(
          "outbox_recent",
          "outbox_rates",
          "relay_position",
          "relay_status",
          "consumer_status",
          "dead_letter_open");
  private static final String PURGE = "SELECT outbox_purge_relayed('probe', interval '1 day', 1)";
  private static final String BACKFILL_STEP =
      "SELECT backfill_step('00000000-0000-4000-8000-000000000000', 1)";
  private static final String REBUILD = "SELECT replica_rebuild('probe')";
  private static final String FILL_SETTLE = "SELECT replica_fill_settle()";
  private static final String REPLICA_RESET = "SELECT customer_replica_reset()";
  private static final List<String> REPLICA_VIEWS =
      List.of("state_source", "replica", "replica_fill", "replica_status", "consumer_tables");

  private static Map<ServiceDatabase, List<String>> appTables() {
    return Map.of(
        ServiceDatabase.CUSTOMERS, List.of("customer", "credit_reservation"),
        ServiceDatabase.ORDERS, List.of("customer_replica", "purchase_order", "order_line"));
  }

  private static Connection connect(OutboxStack stack, ServiceDatabase db, DbLogin login)
      throws SQLException {
    return connect(stack, db.databaseName(), login.user(), login.password());
  }

  private static Connection connect(
      OutboxStack stack, String database, String user, String password) throws SQLException {
    return DriverManager.getConnection(stack.postgres().jdbcUrl(database), user, password);
  }

  /** What happens to each statement: "allowed" or "refused", in a transaction rolled back. */
  private static Map<String, String> outcomes(Connection c, List<String> statements)
      throws SQLException {
    Map<String, String> outcomes = new LinkedHashMap<>();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      for (String sql : statements) {
        Savepoint before = c.setSavepoint();
        try {
          st.execute(sql);
          outcomes.put(sql, "allowed");
        } catch (SQLException e) {
          outcomes.put(sql, INSUFFICIENT_PRIVILEGE.equals(e.getSQLState()) ? "refused" : "allowed");
        }
        c.rollback(before);
      }
    } finally {
      c.rollback();
    }
    return outcomes;
  }

  private static String firstColumn(OutboxStack stack, ServiceDatabase db, String table)
      throws SQLException {
    try (Connection c = connect(stack, db, stack.postgres().admin());
        PreparedStatement ps =
            c.prepareStatement(
                // An identity column may only be set to DEFAULT, an error before any privilege.
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = ? AND is_identity = 'NO' AND is_generated = 'NEVER'"
                    + " ORDER BY ordinal_position LIMIT 1")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(table).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static String select(String table) {
    return "SELECT * FROM " + table + " LIMIT 0";
  }

  private static String insert(String table) {
    return "INSERT INTO " + table + " DEFAULT VALUES";
  }

  private static String update(String table, String column) {
    return "UPDATE " + table + " SET " + column + " = " + column + " WHERE false";
  }

  private static String delete(String table) {
    return "DELETE FROM " + table + " WHERE false";
  }

  /** Expected outcomes of SELECT, INSERT, UPDATE, DELETE on a table. */
  private static void expect(
      Map<String, String> expected,
      OutboxStack stack,
      ServiceDatabase db,
      String table,
      boolean select,
      boolean insert,
      boolean update,
      boolean delete)
      throws SQLException {
    String column = firstColumn(stack, db, table);
    expected.put(select(table), select ? "allowed" : "refused");
    expected.put(insert(table), insert ? "allowed" : "refused");
    expected.put(update(table, column), update ? "allowed" : "refused");
    expected.put(delete(table), delete ? "allowed" : "refused");
  }

  private static void assertOutcomes(Connection c, Map<String, String> expected)
      throws SQLException {
    assertThat(outcomes(c, new ArrayList<>(expected.keySet()))).containsExactlyEntriesOf(expected);
  }

  @Test
  void every_role_refuses_a_wrong_password(OutboxStack stack) {
    List<String> roles = new ArrayList<>(List.of(stack.postgres().admin().user()));
    for (ServiceDatabase db : ServiceDatabase.values()) {
      roles.add(db.appRole());
      roles.add(db.relayRole());
    }
    for (String role : roles) {
      String database =
          role.equals(stack.postgres().admin().user())
              ? "postgres"
              : java.util.Arrays.stream(ServiceDatabase.values())
                  .filter(d -> d.appRole().equals(role) || d.relayRole().equals(role))
                  .findFirst()
                  .orElseThrow()
                  .databaseName();
      assertThatThrownBy(() -> connect(stack, database, role, "not-" + role + "-password").close())
          .as(role)
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("28P01");
    }
  }

  @Test
  void app_roles_use_their_own_tables_append_to_the_outbox_and_only_read_the_relay_state(
      OutboxStack stack) throws SQLException {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      Map<String, String> expected = new LinkedHashMap<>();
      for (String table : appTables().get(db)) {
        expect(expected, stack, db, table, true, true, true, false);
      }
      expect(expected, stack, db, "outbox", true, true, false, false);
      for (String table : PLATFORM_WRITER_TABLES) {
        expect(expected, stack, db, table, true, true, true, true);
      }
      expect(expected, stack, db, "dead_letter", true, true, true, false);
      for (String table : RELAY_TABLES) {
        expect(expected, stack, db, table, true, false, false, false);
      }
      for (String view : VIEWS) {
        expected.put(select(view), "allowed");
      }
      expected.put(PURGE, "refused");
      // Backfills: the owning app starts and steps them through the functions, reads the rows.
      expect(expected, stack, db, "backfill", true, false, false, false);
      expected.put(select("backfill_progress"), "allowed");
      expected.put(BACKFILL_STEP, "allowed");
      // Replicas: the runtime reads the declarations and fills, settles fills and resets its own
      // view; a rebuild is an operator's.
      for (String view : REPLICA_VIEWS) {
        expected.put(select(view), "allowed");
      }
      expected.put(FILL_SETTLE, "allowed");
      expected.put(REBUILD, "refused");
      if (db == ServiceDatabase.ORDERS) {
        expected.put(REPLICA_RESET, "allowed");
      }
      expected.put("CREATE TABLE probe_created_by_app (n int)", "refused");
      try (Connection c = connect(stack, db, stack.appLogin(db))) {
        assertOutcomes(c, expected);
      }
    }
  }

  @Test
  void relay_roles_read_the_outbox_write_only_their_position_and_heartbeat_and_may_purge(
      OutboxStack stack) throws SQLException {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      Map<String, String> expected = new LinkedHashMap<>();
      expect(expected, stack, db, "outbox", true, false, false, false);
      for (String table : RELAY_TABLES) {
        expect(expected, stack, db, table, true, true, true, true);
      }
      for (String table : PLATFORM_WRITER_TABLES) {
        expect(expected, stack, db, table, false, false, false, false);
      }
      expect(expected, stack, db, "dead_letter", false, false, false, false);
      for (String table : appTables().get(db)) {
        expect(expected, stack, db, table, false, false, false, false);
      }
      for (String view : VIEWS) {
        expected.put(select(view), "allowed");
      }
      expected.put(PURGE, "allowed");
      expect(expected, stack, db, "backfill", false, false, false, false);
      expected.put(BACKFILL_STEP, "refused");
      expected.put(REBUILD, "refused");
      expected.put(FILL_SETTLE, "refused");
      expected.put("CREATE TABLE probe_created_by_relay (n int)", "refused");
      try (Connection c = connect(stack, db, stack.relayLogin(db))) {
        assertOutcomes(c, expected);
      }
    }
  }

  @Test
  void an_operator_login_starts_backfills_and_rebuilds_and_reads_no_service_data(OutboxStack stack)
      throws SQLException {
    ServiceDatabase db = ServiceDatabase.ORDERS;
    String user = "probe_operator";
    String password = "probe-operator-password";
    try (Connection admin = connect(stack, db, stack.postgres().admin());
        Statement st = admin.createStatement()) {
      st.execute("DROP ROLE IF EXISTS " + user);
      st.execute(
          "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "' IN ROLE outbox_operator");
      st.execute("GRANT CONNECT ON DATABASE " + db.databaseName() + " TO " + user);
    }
    try {
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put(BACKFILL_STEP, "allowed");
      expected.put(REBUILD, "allowed");
      expected.put(FILL_SETTLE, "allowed");
      for (String view : List.of("backfill", "backfill_progress", "state_source")) {
        expected.put(select(view), "allowed");
      }
      expected.put(select("replica_fill"), "allowed");
      expected.put(select("replica_status"), "allowed");
      for (String table : appTables().get(db)) {
        expect(expected, stack, db, table, false, false, false, false);
      }
      expect(expected, stack, db, "outbox", false, false, false, false);
      for (String table : PLATFORM_WRITER_TABLES) {
        expect(expected, stack, db, table, false, false, false, false);
      }
      expected.put(REPLICA_RESET, "refused");
      expected.put(PURGE, "refused");
      try (Connection c = connect(stack, db.databaseName(), user, password)) {
        assertOutcomes(c, expected);
      }
    } finally {
      try (Connection admin = connect(stack, db, stack.postgres().admin());
          Statement st = admin.createStatement()) {
        st.execute("REVOKE CONNECT ON DATABASE " + db.databaseName() + " FROM " + user);
        st.execute("DROP ROLE " + user);
      }
    }
  }

  @Test
  void only_relay_roles_may_replicate(OutboxStack stack) throws SQLException {
    try (Connection c = connect(stack, ServiceDatabase.ORDERS, stack.postgres().admin());
        PreparedStatement ps =
            c.prepareStatement("SELECT rolreplication FROM pg_roles WHERE rolname = ?")) {
      for (ServiceDatabase db : ServiceDatabase.values()) {
        for (String role : List.of(db.appRole(), db.relayRole())) {
          ps.setString(1, role);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as(role).isTrue();
            assertThat(rs.getBoolean(1)).as(role).isEqualTo(role.equals(db.relayRole()));
          }
        }
      }
    }
  }

  @Test
  void a_role_connects_to_its_own_service_database_only(OutboxStack stack) throws SQLException {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      for (DbLogin login : List.of(stack.appLogin(db), stack.relayLogin(db))) {
        connect(stack, db, login).close();
        List<String> others = new ArrayList<>(List.of("postgres", "template1"));
        for (ServiceDatabase other : ServiceDatabase.values()) {
          if (other != db) {
            others.add(other.databaseName());
          }
        }
        for (String other : others) {
          assertThatThrownBy(() -> connect(stack, other, login.user(), login.password()).close())
              .as(login.user() + " to " + other)
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("permission denied for database \"" + other + "\"");
        }
      }
    }
  }
}
