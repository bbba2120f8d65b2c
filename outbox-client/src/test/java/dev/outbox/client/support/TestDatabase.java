package dev.outbox.client.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The customers database as its app role sees it (HikariCP, as in production), plus a test-only
 * effect table that handlers append to: one row per application, so a second effect shows.
 */
public final class TestDatabase implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final DSLContext dsl;

  private TestDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  /** Opens a pool as {@code customer_app}; creates the effect table once. */
  public static TestDatabase open(OutboxStack stack) {
    String url = stack.jdbcUrl(ServiceDatabase.CUSTOMERS);
    createEffectTable(url, stack.postgres().admin());
    DbLogin app = stack.appLogin(ServiceDatabase.CUSTOMERS);
    var config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(app.user());
    config.setPassword(app.password());
    config.setMaximumPoolSize(4);
    config.setPoolName("client-it");
    // Short, so that a stopped server shows as a transient failure quickly.
    config.setConnectionTimeout(1000);
    config.setValidationTimeout(500);
    return new TestDatabase(new HikariDataSource(config));
  }

  private static void createEffectTable(String url, DbLogin admin) {
    try (Connection c = DriverManager.getConnection(url, admin.user(), admin.password());
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS client_test_effect ("
              + " seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " consumer text NOT NULL, aggregate_id text NOT NULL, version bigint NOT NULL,"
              + " event_id uuid NOT NULL, event_type text NOT NULL, name text NOT NULL)");
      st.execute("GRANT SELECT, INSERT ON client_test_effect TO customer_app");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create client_test_effect", e);
    }
  }

  public DSLContext dsl() {
    return dsl;
  }

  /** Records one application of an event. */
  public static void recordEffect(
      DSLContext tx,
      String consumer,
      String aggregateId,
      long version,
      UUID eventId,
      String type,
      String name) {
    tx.execute(
        "INSERT INTO client_test_effect (consumer, aggregate_id, version, event_id, event_type, name)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        consumer,
        aggregateId,
        version,
        eventId,
        type,
        name);
  }

  /** The effects of a consumer, in the order they were applied: "aggregateId:version:name". */
  public List<String> effects(String consumer) {
    return dsl.fetch(
            "SELECT aggregate_id || ':' || version || ':' || name AS e FROM client_test_effect"
                + " WHERE consumer = ? ORDER BY seq",
            consumer)
        .getValues("e", String.class);
  }

  /** A value of consumer_counter, 0 when absent. */
  public long counter(String consumer, String counter) {
    Long value =
        dsl.fetchOptional(
                "SELECT value FROM consumer_counter WHERE consumer = ? AND counter = ?",
                consumer,
                counter)
            .map(r -> r.get(0, Long.class))
            .orElse(null);
    return value == null ? 0 : value;
  }

  /** How many inbox rows a consumer has. */
  public int inboxRows(String consumer) {
    return dsl.fetchCount(DSL.table("inbox"), DSL.field("consumer").eq(consumer));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
