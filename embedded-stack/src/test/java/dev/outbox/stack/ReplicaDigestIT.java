package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The digest views that verify compares (customers' customer_digest, orders'
 * customer_replica_digest), the replica's declaration and reset function, and the platform's
 * digest_summary and digest_bucket for a comparison by hand: on rows of this test's own customers,
 * written to both sides as the apps store them.
 */
@ExtendWith(OutboxStackExtension.class)
class ReplicaDigestIT {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  /** The columns both tables share, and one customer's values, as SQL literals. */
  private static final String COLUMNS =
      "id, name, email, address, credit_limit, reserved_credit, version, created_at, updated_at,"
          + " deleted_at";

  /**
   * What the digest is the md5 of, for that customer: jsonb's text of the array, amounts without
   * trailing zeros, instants as UTC epoch microseconds.
   */
  private static final String CANONICAL =
      "[\"Zoë \\\"Z\\\" Ünïcødé 東京\", \"zoe@example.com\", \"1 Rue de l'Église\", 1500.5, 0.25,"
          + " 1795702625683314, 1795777443000001, 1795824000500000]";

  private final List<String> ids = new ArrayList<>();
  private OutboxStack stack;

  @BeforeEach
  void stack(OutboxStack stack) {
    this.stack = stack;
  }

  @AfterEach
  void removeCustomers() throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    String in = "('" + String.join("','", ids) + "')";
    execute(ServiceDatabase.CUSTOMERS, "DELETE FROM customer WHERE id IN " + in);
    execute(ServiceDatabase.ORDERS, "DELETE FROM customer_replica WHERE id IN " + in);
  }

  private Connection connect(ServiceDatabase db, DbLogin login) throws SQLException {
    return DriverManager.getConnection(stack.jdbcUrl(db), login.user(), login.password());
  }

  private Connection admin(ServiceDatabase db) throws SQLException {
    return connect(db, stack.postgres().admin());
  }

  private void execute(ServiceDatabase db, String sql) throws SQLException {
    try (Connection c = admin(db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The same customer on both sides, as customer-app and order-app store it. */
  private String customerOnBothSides() throws SQLException {
    String id = UUID.randomUUID().toString();
    ids.add(id);
    String values =
        "('"
            + id
            + "', 'Zoë \"Z\" Ünïcødé 東京', 'zoe@example.com', '1 Rue de l''Église', 1500.50, 0.25,"
            + " 3, '2026-11-26 14:17:05.683314+00', '2026-11-27 11:04:03.000001+00',"
            + " '2026-11-28 05:00:00.5+05')";
    execute(ServiceDatabase.CUSTOMERS, "INSERT INTO customer (" + COLUMNS + ") VALUES " + values);
    execute(
        ServiceDatabase.ORDERS, "INSERT INTO customer_replica (" + COLUMNS + ") VALUES " + values);
    return id;
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  private String sourceDigest(String id) throws SQLException {
    try (Connection c = admin(ServiceDatabase.CUSTOMERS)) {
      return one(c, "SELECT digest FROM customer_digest WHERE aggregate_id = '" + id + "'");
    }
  }

  private String replicaDigest(String id) throws SQLException {
    try (Connection c = admin(ServiceDatabase.ORDERS)) {
      return one(c, "SELECT digest FROM customer_replica_digest WHERE aggregate_id = '" + id + "'");
    }
  }

  private static String md5(String text) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void both_sides_give_the_documented_digest_whatever_the_session_settings() throws Exception {
    String id = customerOnBothSides();
    String expected = md5(CANONICAL);
    for (String session :
        List.of(
            "SET TimeZone = 'UTC'",
            "SET TimeZone = 'Asia/Kolkata'; SET DateStyle = 'ISO, DMY'; SET IntervalStyle = 'sql_standard'",
            "SET TimeZone = 'America/St_Johns'; SET extra_float_digits = 3; SET lc_monetary = 'C'")) {
      for (ServiceDatabase db : ServiceDatabase.values()) {
        String view =
            db == ServiceDatabase.CUSTOMERS ? "customer_digest" : "customer_replica_digest";
        try (Connection c = admin(db);
            Statement st = c.createStatement()) {
          st.execute(session);
          assertThat(
                  one(
                      c,
                      "SELECT aggregate_version || ' ' || digest FROM "
                          + view
                          + " WHERE aggregate_id = '"
                          + id
                          + "'"))
              .as(db + " after " + session)
              .isEqualTo("3 " + expected);
        }
      }
    }
  }

  @Test
  void every_replicated_column_changes_the_digest_and_the_version_does_not() throws Exception {
    String id = customerOnBothSides();
    String same = sourceDigest(id);
    assertThat(replicaDigest(id)).isEqualTo(same);
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put("name", "'Zoe \"Z\" Ünïcødé 東京'");
    changes.put("email", "'zoe@example.org'");
    changes.put("address", "'1 Rue de l''Eglise'");
    changes.put("credit_limit", "1500.51");
    changes.put("reserved_credit", "0.26");
    changes.put("created_at", "created_at + interval '1 microsecond'");
    changes.put("updated_at", "updated_at - interval '1 microsecond'");
    changes.put("deleted_at", "NULL");
    for (Map.Entry<String, String> change : changes.entrySet()) {
      try (Connection c = admin(ServiceDatabase.ORDERS);
          Statement st = c.createStatement()) {
        c.setAutoCommit(false);
        st.executeUpdate(
            "UPDATE customer_replica SET "
                + change.getKey()
                + " = "
                + change.getValue()
                + " WHERE id = '"
                + id
                + "'");
        assertThat(
                one(
                    c,
                    "SELECT digest FROM customer_replica_digest WHERE aggregate_id = '" + id + "'"))
            .as(change.getKey())
            .isNotEqualTo(same);
        c.rollback();
      }
    }
    execute(
        ServiceDatabase.ORDERS, "UPDATE customer_replica SET version = 2 WHERE id = '" + id + "'");
    assertThat(replicaDigest(id)).as("the version is compared on its own").isEqualTo(same);
  }

  @Test
  void a_digest_view_is_read_by_id_through_its_index() throws SQLException {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      String view = db == ServiceDatabase.CUSTOMERS ? "customer_digest" : "customer_replica_digest";
      // customers: the keyset index of the state view (customers V2) serves the digest view too.
      String index =
          db == ServiceDatabase.CUSTOMERS
              ? "customer_state_key_idx"
              : "customer_replica_digest_order_idx";
      try (Connection c = admin(db);
          Statement st = c.createStatement()) {
        // Small tables are scanned whatever the indexes: ask whether the index can serve at all.
        st.execute("SET enable_seqscan = off; SET enable_sort = off");
        // verify's batch query, as DigestView sends it.
        String plan =
            one(
                c,
                "EXPLAIN (FORMAT JSON) SELECT aggregate_id, aggregate_version, digest FROM "
                    + view
                    + " WHERE aggregate_id COLLATE \"C\" > 'a' ORDER BY aggregate_id COLLATE \"C\""
                    + " LIMIT 5000");
        assertThat(plan).as(db.databaseName()).contains("\"Index Scan\"").contains(index);
      }
    }
  }

  @Test
  void digest_summaries_are_equal_exactly_when_the_views_are_and_a_bucket_shows_the_row()
      throws Exception {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      mine.add(customerOnBothSides());
    }
    String changed = mine.get(7);
    String in = "('" + String.join("','", mine) + "')";
    // Views over this test's rows only: other tests' customers share these databases.
    String source =
        "CREATE TEMP VIEW mine AS SELECT * FROM customer_digest WHERE aggregate_id IN " + in;
    String replica =
        "CREATE TEMP VIEW mine AS SELECT * FROM customer_replica_digest WHERE aggregate_id IN "
            + in;
    assertThat(summary(ServiceDatabase.ORDERS, replica, 1))
        .isEqualTo(summary(ServiceDatabase.CUSTOMERS, source, 1))
        .hasSizeGreaterThan(1);
    assertThat(summary(ServiceDatabase.ORDERS, replica, 0))
        .isEqualTo(summary(ServiceDatabase.CUSTOMERS, source, 0))
        .singleElement()
        .asString()
        .startsWith(" 20 60 ");

    execute(
        ServiceDatabase.ORDERS,
        "UPDATE customer_replica SET email = 'typo@example.com' WHERE id = '" + changed + "'");
    List<String> before = summary(ServiceDatabase.CUSTOMERS, source, 1);
    List<String> after = summary(ServiceDatabase.ORDERS, replica, 1);
    List<String> differing = new ArrayList<>(after);
    differing.removeAll(before);
    assertThat(differing).singleElement().asString().startsWith(changed.substring(0, 1) + " ");

    String bucket = changed.substring(0, 1);
    List<String> sourceRows =
        rows(
            ServiceDatabase.CUSTOMERS,
            source,
            "SELECT * FROM digest_bucket('mine', '" + bucket + "')");
    List<String> replicaRows =
        rows(
            ServiceDatabase.ORDERS,
            replica,
            "SELECT * FROM digest_bucket('mine', '" + bucket + "')");
    List<String> onlyInReplica = new ArrayList<>(replicaRows);
    onlyInReplica.removeAll(sourceRows);
    assertThat(onlyInReplica).singleElement().asString().startsWith(changed + " 3 ");
    assertThat(replicaRows).hasSameSizeAs(sourceRows);
  }

  private List<String> summary(ServiceDatabase db, String createView, int prefix)
      throws SQLException {
    return rows(db, createView, "SELECT * FROM digest_summary('mine', " + prefix + ")");
  }

  private List<String> rows(ServiceDatabase db, String createView, String query)
      throws SQLException {
    try (Connection c = admin(db);
        Statement st = c.createStatement()) {
      st.execute(createView);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(query)) {
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.append(i > 1 ? " " : "").append(rs.getString(i));
          }
          rows.add(row.toString());
        }
      }
      return rows;
    }
  }

  @Test
  void order_app_declares_its_replica_and_may_reset_it_and_no_other_role_may() throws Exception {
    customerOnBothSides();
    try (Connection c = connect(ServiceDatabase.ORDERS, stack.appLogin(ServiceDatabase.ORDERS))) {
      assertThat(
              one(
                  c,
                  "SELECT name || ' ' || consumer || ' ' || aggregate_type || ' ' || source_database"
                      + " || ' ' || digest_view::text || ' ' || source_digest_view || ' ' ||"
                      + " reset_function::text FROM replica"))
          .isEqualTo(
              "customer_replica order-app.customer-replica customer customers"
                  + " customer_replica_digest customer_digest customer_replica_reset()");
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        long rows = Long.parseLong(one(c, "SELECT count(*) FROM customer_replica"));
        assertThat(one(c, "SELECT customer_replica_reset()")).isEqualTo(Long.toString(rows));
        assertThat(one(c, "SELECT count(*) FROM customer_replica")).isEqualTo("0");
        assertThatThrownBy(() -> st.execute("DELETE FROM customer_replica"))
            .as("the app role itself may not delete")
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      } finally {
        c.rollback(); // other tests' customers share this replica
      }
    }
    try (Connection c = connect(ServiceDatabase.ORDERS, stack.relayLogin(ServiceDatabase.ORDERS));
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("SELECT customer_replica_reset()"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo(INSUFFICIENT_PRIVILEGE);
    }
  }

  @Test
  void the_app_roles_read_their_digest_view_and_the_relay_roles_do_not() throws SQLException {
    for (ServiceDatabase db : ServiceDatabase.values()) {
      String view = db == ServiceDatabase.CUSTOMERS ? "customer_digest" : "customer_replica_digest";
      // customers: the keyset index of the state view (customers V2) serves the digest view too.
      String index =
          db == ServiceDatabase.CUSTOMERS
              ? "customer_state_key_idx"
              : "customer_replica_digest_order_idx";
      try (Connection c = connect(db, stack.appLogin(db));
          Statement st = c.createStatement()) {
        st.executeQuery("SELECT * FROM " + view + " LIMIT 1").close();
        // The comparison by hand, as the app's role.
        st.executeQuery("SELECT * FROM digest_summary('" + view + "')").close();
      }
      try (Connection c = connect(db, stack.relayLogin(db));
          Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.executeQuery("SELECT * FROM " + view + " LIMIT 1"))
            .as(db.relayRole())
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }
  }
}
