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

  private final java.util.function.Function<ServiceDatabase, String> jdbcUrl;
  private final String user;
  private final String password;

  Sql(OutboxStack stack) {
    this(stack::jdbcUrl, stack.postgres().admin().user(), stack.postgres().admin().password());
  }

  private Sql(
      java.util.function.Function<ServiceDatabase, String> jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** The databases of {@code bin/outbox up} (127.0.0.1:15432, the development administrator). */
  static Sql ofLocalRun() {
    return new Sql(
        db -> "jdbc:postgresql://127.0.0.1:15432/" + db.databaseName(), "postgres", "postgres");
  }

  private Connection connect(ServiceDatabase db) throws SQLException {
    return DriverManager.getConnection(jdbcUrl.apply(db), user, password);
  }

  /** Every row of a query, each row as "col=value|col=value...". */
  List<String> rows(ServiceDatabase db, String query) {
    try (Connection c = connect(db);
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
    try (Connection c = connect(db);
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
