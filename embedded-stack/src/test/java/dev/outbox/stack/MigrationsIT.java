package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OutboxStackExtension.class)
class MigrationsIT {

  private static final String[] PLATFORM_TABLES = {
    "outbox",
    "inbox",
    "dead_letter",
    "consumer_aggregate",
    "consumer_counter",
    "relay_offset",
    "relay_heartbeat"
  };

  private static Connection connect(OutboxStack stack, ServiceDatabase db, DbLogin login)
      throws SQLException {
    return DriverManager.getConnection(stack.jdbcUrl(db), login.user(), login.password());
  }

  private static Connection admin(OutboxStack stack, ServiceDatabase db) throws SQLException {
    return connect(stack, db, stack.postgres().admin());
  }

  /** Column name to data type, in table order. */
  private static Map<String, String> columns(Connection c, String table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return columns;
  }

  @Test
  void every_service_database_has_the_platform_tables(OutboxStack stack) throws SQLException {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      try (Connection c = admin(stack, db)) {
        for (String table : PLATFORM_TABLES) {
          assertThat(columns(c, table)).as(db + "." + table).isNotEmpty();
        }
        assertThat(columns(c, "outbox"))
            .containsExactly(
                Map.entry("id", "uuid"),
                Map.entry("aggregate_type", "text"),
                Map.entry("aggregate_id", "text"),
                Map.entry("aggregate_version", "bigint"),
                Map.entry("event_type", "text"),
                Map.entry("schema_version", "integer"),
                Map.entry("payload", "jsonb"),
                Map.entry("occurred_at", "timestamp with time zone"),
                Map.entry("trace_parent", "text"),
                Map.entry("backfill_id", "uuid"));
        assertThat(columns(c, "inbox"))
            .containsKeys(
                "consumer",
                "event_id",
                "aggregate_type",
                "aggregate_id",
                "aggregate_version",
                "event_type",
                "topic",
                "kafka_partition",
                "kafka_offset",
                "received_at");
      }
    }
  }

  @Test
  void each_service_has_its_own_tables_as_designed(OutboxStack stack) throws SQLException {
    String[] customerColumns = {
      "id", "name", "email", "address", "credit_limit", "version", "deleted_at"
    };
    try (Connection c = admin(stack, ServiceDatabase.CUSTOMERS)) {
      assertThat(columns(c, "customer")).containsKeys(customerColumns);
      assertThat(columns(c, "purchase_order")).isEmpty();
    }
    try (Connection c = admin(stack, ServiceDatabase.ORDERS)) {
      Map<String, String> replica = columns(c, "customer_replica");
      assertThat(replica).containsKeys(customerColumns);
      assertThat(columns(c, "purchase_order")).containsKeys("id", "customer_id", "status", "total");
      assertThat(columns(c, "customer")).isEmpty();
    }
  }

  @Test
  void the_replica_has_the_same_columns_as_the_customer_table(OutboxStack stack)
      throws SQLException {
    Map<String, String> customer;
    try (Connection c = admin(stack, ServiceDatabase.CUSTOMERS)) {
      customer = columns(c, "customer");
    }
    try (Connection c = admin(stack, ServiceDatabase.ORDERS)) {
      assertThat(columns(c, "customer_replica")).containsAllEntriesOf(customer);
    }
  }

  @Test
  void preparing_again_changes_nothing(OutboxStack stack) throws SQLException {
    int before = appliedMigrations(stack);
    stack.cluster().prepareAll();
    assertThat(appliedMigrations(stack)).isEqualTo(before).isPositive();
  }

  private static int appliedMigrations(OutboxStack stack) throws SQLException {
    int total = 0;
    for (ServiceDatabase db : ServiceDatabase.values()) {
      try (Connection c = admin(stack, db);
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT (SELECT count(*) FROM platform_schema_history)"
                      + " + (SELECT count(*) FROM service_schema_history)")) {
        rs.next();
        total += rs.getInt(1);
      }
    }
    return total;
  }
}
