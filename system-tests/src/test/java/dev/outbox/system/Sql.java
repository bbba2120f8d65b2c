package dev.outbox.system;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the databases as an operator would: plain SQL, as the administrator. */
final class Sql {

  private final OutboxStack stack;

  Sql(OutboxStack stack) {
    this.stack = stack;
  }

  /** Every row of a query, each row as "col=value|col=value...". */
  List<String> rows(ServiceDatabase db, String query) {
    try (Connection c =
            DriverManager.getConnection(
                stack.jdbcUrl(db),
                stack.postgres().admin().user(),
                stack.postgres().admin().password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(i > 1 ? "|" : "")
              .append(meta.getColumnLabel(i))
              .append('=')
              .append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(query + ": " + e.getMessage(), e);
    }
  }

  /** Runs one statement that returns no rows. */
  void execute(ServiceDatabase db, String statement) {
    try (Connection c =
            DriverManager.getConnection(
                stack.jdbcUrl(db),
                stack.postgres().admin().user(),
                stack.postgres().admin().password());
        Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  long count(ServiceDatabase db, String query) {
    String row = rows(db, query).get(0);
    return Long.parseLong(row.substring(row.indexOf('=') + 1));
  }
}
