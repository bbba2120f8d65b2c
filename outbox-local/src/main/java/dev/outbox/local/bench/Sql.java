package dev.outbox.local.bench;

import dev.outbox.local.Servers;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's own statements on a service database, as the server's administrator (it resets
 * tables between phases and reads commit timestamps): one short connection per call, so that it
 * holds nothing open while a phase runs.
 */
final class Sql {

  private final Servers servers;

  Sql(Servers servers) {
    this.servers = servers;
  }

  /** Runs statements, each on its own (autocommit). */
  void execute(ServiceDatabase db, String... statements) {
    try (Connection c = connect(db);
        Statement st = c.createStatement()) {
      for (String statement : statements) {
        st.execute(statement);
      }
    } catch (SQLException e) {
      throw failed(db, e);
    }
  }

  /** The first column of the first row, as a long (0 when null). */
  long queryLong(ServiceDatabase db, String query, Object... parameters) {
    List<Object[]> rows = query(db, query, parameters);
    if (rows.isEmpty() || rows.get(0)[0] == null) {
      return 0;
    }
    return ((Number) rows.get(0)[0]).longValue();
  }

  /** Every row, each as its column values. */
  List<Object[]> query(ServiceDatabase db, String query, Object... parameters) {
    try (Connection c = connect(db);
        PreparedStatement st = c.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        st.setObject(i + 1, parameters[i]);
      }
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw failed(db, e);
    }
  }

  private Connection connect(ServiceDatabase db) throws SQLException {
    DbLogin admin = servers.postgres().admin();
    return DriverManager.getConnection(servers.jdbcUrl(db), admin.user(), admin.password());
  }

  private static BenchException failed(ServiceDatabase db, SQLException e) {
    return new BenchException(
        "a statement of the benchmark failed on " + db.databaseName() + ": " + e.getMessage(), e);
  }
}
