package dev.outbox.cli.verify;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * customers' {@code customer} and orders' {@code customer_replica}, written directly as the
 * administrator: both sides seeded with the same rows, then drift injected into the replica.
 */
final class ReplicaTables {

  private final OutboxStack stack;

  ReplicaTables(OutboxStack stack) {
    this.stack = stack;
  }

  /** The id of seeded customer {@code n}. */
  static String id(int n) {
    return java.util.UUID.nameUUIDFromBytes(("verify-" + n).getBytes()).toString();
  }

  /** Empties both tables. */
  void empty() {
    execute(ServiceDatabase.CUSTOMERS, "DELETE FROM customer");
    execute(ServiceDatabase.ORDERS, "DELETE FROM customer_replica");
  }

  /**
   * Writes customers 1..count to both sides, the same on each: non-ASCII text, amounts with cents,
   * instants with microseconds, versions 1 to 4 (version 4 when n % 4 == 3), every tenth deleted.
   */
  void seed(int count) {
    for (var side :
        List.of(
            new Object[] {ServiceDatabase.CUSTOMERS, "customer"},
            new Object[] {ServiceDatabase.ORDERS, "customer_replica"})) {
      StringBuilder values = new StringBuilder();
      for (int n = 1; n <= count; n++) {
        values
            .append(n == 1 ? "" : ",")
            .append("('")
            .append(id(n))
            .append("',")
            .append(n)
            .append(")");
      }
      execute(
          (ServiceDatabase) side[0],
          "INSERT INTO "
              + side[1]
              + " (id, name, email, address, credit_limit, reserved_credit, version, created_at,"
              + " updated_at, deleted_at)"
              + " SELECT v.id::uuid, 'Zoë Ünïcødé 東京 ' || v.n, 'c' || v.n || '@example.com',"
              + " v.n || ' Rue de l''Église', 1500.50 + v.n, (v.n % 7) * 0.25, v.n % 4 + 1,"
              + " timestamptz '2026-11-26 14:17:05.683314+00' + v.n * interval '1.000137 s',"
              + " timestamptz '2026-11-27 09:00:00.000001+00' + v.n * interval '0.000999 s',"
              + " CASE WHEN v.n % 10 = 0 THEN timestamptz '2026-11-28 00:00:00.5+00' END"
              + " FROM (VALUES "
              + values
              + ") AS v(id, n)");
    }
  }

  void execute(ServiceDatabase db, String sql) {
    try (Connection c = admin(db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of every row. */
  List<String> column(ServiceDatabase db, String sql) {
    try (Connection c = admin(db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private Connection admin(ServiceDatabase db) throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(db), stack.postgres().admin().user(), stack.postgres().admin().password());
  }
}
