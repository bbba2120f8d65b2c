package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * The platform's backfill functions (V5) over customer-app's state source (customers V2), on the
 * real server: one snapshot per aggregate per backfill, progress readable with SQL, the ids filter,
 * the live rows' uniqueness kept while live writes go on, and who may run it. Customers are written
 * here with SQL, as customer-app writes them (a row and its live outbox event per change).
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillStepIT {

  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String UNIQUE_VIOLATION = "23505";

  private OutboxStack stack;

  @BeforeAll
  void start(OutboxStack stack) {
    this.stack = stack;
  }

  private Connection admin() throws SQLException {
    return connect(stack.postgres().admin());
  }

  private Connection connect(DbLogin login) throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(ServiceDatabase.CUSTOMERS), login.user(), login.password());
  }

  private Connection app() throws SQLException {
    return connect(stack.appLogin(ServiceDatabase.CUSTOMERS));
  }

  /** Creates {@code count} customers at versions 1 to 5, each with its live events. */
  private List<String> customers(int count) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = app()) {
      c.setAutoCommit(false);
      try (PreparedStatement customer =
              c.prepareStatement(
                  "INSERT INTO customer (id, name, email, address, credit_limit, version,"
                      + " created_at, updated_at) VALUES (?::uuid, ?, 'c@example.com', 'Street',"
                      + " 1500.50, ?, now(), now())");
          PreparedStatement event = c.prepareStatement(liveEventSql())) {
        for (int i = 0; i < count; i++) {
          String id = UUID.randomUUID().toString();
          long version = 1 + ThreadLocalRandom.current().nextInt(5);
          customer.setString(1, id);
          customer.setString(2, "Customer " + i);
          customer.setLong(3, version);
          customer.addBatch();
          for (long v = 1; v <= version; v++) {
            event.setString(1, id);
            event.setLong(2, v);
            event.addBatch();
          }
          ids.add(id);
        }
        customer.executeBatch();
        event.executeBatch();
      }
      c.commit();
    }
    return ids;
  }

  private static String liveEventSql() {
    return "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,"
        + " payload, occurred_at) VALUES (gen_random_uuid(), 'customer', ?, ?,"
        + " 'CustomerUpdated', '{}', now())";
  }

  private static UUID start(Connection c, List<String> ids) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT backfill_start('customer', ?, 'test')")) {
      ps.setArray(1, ids == null ? null : c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private static int step(Connection c, UUID backfill, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT backfill_step(?, ?)")) {
      ps.setObject(1, backfill);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Steps until the function says it is done; returns the number of steps. */
  private static int runToEnd(Connection c, UUID backfill, int limit) throws SQLException {
    int steps = 0;
    int emitted;
    do {
      emitted = step(c, backfill, limit);
      steps++;
    } while (emitted == limit);
    return steps;
  }

  private static Map<String, Object> progress(Connection c, UUID backfill) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM backfill_progress WHERE backfill_id = ?")) {
      ps.setObject(1, backfill);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        return row;
      }
    }
  }

  /** aggregate id to the number of snapshots of the backfill. */
  private static Map<String, Long> snapshots(Connection c, UUID backfill) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT aggregate_id, count(*) FROM outbox WHERE backfill_id = ? GROUP BY 1")) {
      ps.setObject(1, backfill);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return counts;
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void each_aggregate_gets_exactly_one_snapshot_of_its_current_state_per_backfill()
      throws SQLException {
    customers(1_250);
    try (Connection c = app()) {
      List<String> all = strings(c, "SELECT aggregate_id FROM customer_state");
      UUID backfill = start(c, null);

      int steps = runToEnd(c, backfill, 100);

      assertThat(snapshots(c, backfill))
          .hasSize(all.size())
          .allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(snapshots(c, backfill).keySet()).containsExactlyInAnyOrderElementsOf(all);
      assertThat(steps).isEqualTo(all.size() / 100 + 1);
      // Each snapshot is the view's row (version, type, payload) with the source's schema version.
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM outbox o JOIN customer_state s"
                      + " ON s.aggregate_id = o.aggregate_id WHERE o.backfill_id = '"
                      + backfill
                      + "' AND o.aggregate_type = 'customer'"
                      + " AND o.aggregate_version = s.aggregate_version"
                      + " AND o.event_type = 'CustomerSnapshot' AND o.payload = s.payload"
                      + " AND o.schema_version = (SELECT schema_version FROM state_source"
                      + " WHERE aggregate_type = 'customer') AND o.trace_parent IS NULL"))
          .isEqualTo(all.size());
      Map<String, Object> done = progress(c, backfill);
      assertThat(done.get("status")).isEqualTo("done");
      assertThat(done.get("emitted")).isEqualTo((long) all.size());
      assertThat(done.get("expected_total")).isEqualTo((long) all.size());
      assertThat(done.get("finished_at")).isNotNull();

      // A done backfill emits nothing more; a second backfill has its own, complete set.
      assertThat(step(c, backfill, 100)).isZero();
      UUID second = start(c, null);
      runToEnd(c, second, 1_000);
      assertThat(snapshots(c, second)).hasSize(all.size());
      assertThat(snapshots(c, backfill)).hasSize(all.size());
    }
  }

  @Test
  void the_position_and_count_are_stored_by_each_step_and_readable_with_sql() throws SQLException {
    customers(250);
    try (Connection c = app()) {
      List<String> ordered =
          strings(c, "SELECT aggregate_id FROM customer_state ORDER BY aggregate_id COLLATE \"C\"");
      UUID backfill = start(c, null);
      Map<String, Object> fresh = progress(c, backfill);
      assertThat(fresh.get("status")).isEqualTo("running");
      assertThat(fresh.get("emitted")).isEqualTo(0L);
      assertThat(fresh.get("resume_after")).isNull();
      assertThat(fresh.get("requested_by")).isEqualTo("test");

      assertThat(step(c, backfill, 100)).isEqualTo(100);

      Map<String, Object> after = progress(c, backfill);
      assertThat(after.get("emitted")).isEqualTo(100L);
      assertThat(after.get("expected_total")).isEqualTo((long) ordered.size());
      assertThat(after.get("resume_after")).isEqualTo(ordered.get(99));
      assertThat(after.get("steps")).isEqualTo(1);
      assertThat(after.get("status")).isEqualTo("running");
      assertThat(snapshots(c, backfill).keySet())
          .containsExactlyInAnyOrderElementsOf(ordered.subList(0, 100));
    }
  }

  @Test
  void with_ids_only_those_are_emitted_and_the_missing_ones_are_stored() throws SQLException {
    List<String> ids = customers(20);
    String deleted = ids.get(3);
    try (Connection c = app();
        Statement st = c.createStatement()) {
      st.execute("UPDATE customer SET deleted_at = now() WHERE id = '" + deleted + "'");
      List<String> asked = List.of(ids.get(7), deleted, "no-such-customer", ids.get(7), ids.get(1));

      UUID backfill = start(c, asked);
      runToEnd(c, backfill, 2);

      assertThat(snapshots(c, backfill).keySet())
          .containsExactlyInAnyOrder(ids.get(7), deleted, ids.get(1));
      Map<String, Object> done = progress(c, backfill);
      assertThat(done.get("status")).isEqualTo("done");
      assertThat(done.get("expected_total")).isEqualTo(3L);
      assertThat(done.get("ids_asked")).isEqualTo(4);
      assertThat(done.get("ids_not_found")).isEqualTo(1);
      try (ResultSet rs =
          st.executeQuery("SELECT ids, missing_ids FROM backfill WHERE id = '" + backfill + "'")) {
        rs.next();
        assertThat(texts(rs.getArray(1))).isSorted().hasSize(4);
        assertThat(texts(rs.getArray(2))).containsExactly("no-such-customer");
      }
    }
  }

  @Test
  void live_versions_stay_unique_and_a_snapshot_may_repeat_a_live_version() throws SQLException {
    String id = customers(1).get(0);
    try (Connection c = app()) {
      long version = count(c, "SELECT version FROM customer WHERE id = '" + id + "'");
      UUID backfill = start(c, List.of(id));
      runToEnd(c, backfill, 10);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM outbox WHERE aggregate_id = '"
                      + id
                      + "' AND aggregate_version = "
                      + version))
          .as("the live event and the snapshot of the same version")
          .isEqualTo(2);

      try (PreparedStatement live = c.prepareStatement(liveEventSql())) {
        live.setString(1, id);
        live.setLong(2, version);
        assertThatThrownBy(live::execute)
            .isInstanceOfSatisfying(
                PSQLException.class,
                e -> {
                  assertThat(e.getSQLState()).isEqualTo(UNIQUE_VIOLATION);
                  assertThat(e.getServerErrorMessage().getConstraint())
                      .isEqualTo("outbox_aggregate_version_unique");
                });
      }
      // The database itself holds one snapshot per aggregate per backfill.
      try (PreparedStatement again =
          c.prepareStatement(
              "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,"
                  + " payload, occurred_at, backfill_id) VALUES (gen_random_uuid(), 'customer', ?,"
                  + " 1, 'CustomerSnapshot', '{}', now(), ?)")) {
        again.setString(1, id);
        again.setObject(2, backfill);
        assertThatThrownBy(again::execute)
            .isInstanceOfSatisfying(
                PSQLException.class,
                e ->
                    assertThat(e.getServerErrorMessage().getConstraint())
                        .isEqualTo("outbox_backfill_aggregate_unique"));
      }
    }
  }

  @Test
  void live_updates_running_meanwhile_keep_their_uniqueness_and_every_customer_one_snapshot()
      throws Exception {
    List<String> ids = customers(1_500);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong committed = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              // Customer-app's shape of a change: lock the row, next version, its live event.
              try (Connection c = app();
                  PreparedStatement update =
                      c.prepareStatement(
                          "UPDATE customer SET version = version + 1, updated_at = now(),"
                              + " name = name || '.' WHERE id = ?::uuid RETURNING version");
                  PreparedStatement event = c.prepareStatement(liveEventSql())) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                  String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                  update.setString(1, id);
                  long version;
                  try (ResultSet rs = update.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                  }
                  event.setString(1, id);
                  event.setLong(2, version);
                  event.execute();
                  c.commit();
                  committed.incrementAndGet();
                }
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "live-writer");
    writer.start();
    UUID backfill;
    try (Connection c = app()) {
      // The writer is under way before the first step, and goes on during all of them.
      await().atMost(WAIT).until(() -> committed.get() >= 20 || failure.get() != null);
      backfill = start(c, null);
      runToEnd(c, backfill, 50);
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(failure.get()).as("the live writer's error").isNull();

    try (Connection c = app()) {
      List<String> all = strings(c, "SELECT aggregate_id FROM customer_state");
      assertThat(snapshots(c, backfill).keySet()).containsExactlyInAnyOrderElementsOf(all);
      assertThat(snapshots(c, backfill).values()).containsOnly(1L);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE backfill_id IS NULL"
                      + " GROUP BY aggregate_type, aggregate_id, aggregate_version"
                      + " HAVING count(*) > 1) d"))
          .as("live versions repeated")
          .isZero();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM customer cu JOIN outbox o ON o.aggregate_id = cu.id::text"
                      + " AND o.backfill_id = '"
                      + backfill
                      + "' WHERE o.aggregate_version > cu.version"))
          .as("snapshots newer than their customer")
          .isZero();
      // Every version a live change made has its live event, next to the snapshots.
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM customer cu WHERE NOT EXISTS (SELECT 1 FROM outbox o"
                      + " WHERE o.aggregate_id = cu.id::text AND o.backfill_id IS NULL"
                      + " AND o.aggregate_version = cu.version)"))
          .isZero();
    }
  }

  @Test
  void an_open_live_transaction_holding_a_customer_does_not_stop_a_backfill() throws Exception {
    List<String> ids = customers(30);
    String held = ids.get(0);
    try (Connection live = app();
        Connection c = app()) {
      live.setAutoCommit(false);
      long version;
      try (Statement st = live.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "UPDATE customer SET version = version + 1 WHERE id = '"
                      + held
                      + "' RETURNING version")) {
        rs.next();
        version = rs.getLong(1);
      }

      UUID backfill = start(c, ids);
      runToEnd(c, backfill, 7);

      assertThat(snapshots(c, backfill)).hasSize(ids.size());
      assertThat(
              count(
                  c,
                  "SELECT aggregate_version FROM outbox WHERE backfill_id = '"
                      + backfill
                      + "' AND aggregate_id = '"
                      + held
                      + "'"))
          .as("the snapshot carries the committed version, not the open one")
          .isEqualTo(version - 1);
      live.rollback();
    }
  }

  @Test
  void a_batch_reads_its_rows_through_the_keyset_index() throws SQLException {
    customers(2_000);
    try (Connection c = admin()) {
      try (Statement st = c.createStatement()) {
        st.execute("ANALYZE customer");
      }
      String plan =
          String.join(
              "\n",
              strings(
                  c,
                  "EXPLAIN SELECT * FROM customer_state s WHERE s.aggregate_id COLLATE \"C\" > ''"
                      + " ORDER BY s.aggregate_id COLLATE \"C\" LIMIT 100"));
      assertThat(plan).contains("customer_state_key_idx").doesNotContain("Sort");
    }
  }

  @Test
  void an_unknown_type_a_cancelled_backfill_and_a_bad_limit_are_refused() throws SQLException {
    try (Connection c = app()) {
      assertThatThrownBy(
              () -> {
                try (Statement st = c.createStatement()) {
                  st.executeQuery("SELECT backfill_start('nope', null, 'test')");
                }
              })
          .hasMessageContaining("no state_source for aggregate type \"nope\"")
          .hasMessageContaining("it declares: customer");
      UUID backfill = start(c, null);
      assertThatThrownBy(() -> step(c, backfill, 0)).hasMessageContaining("p_limit");
      try (Statement st = c.createStatement()) {
        st.execute("SELECT backfill_cancel('" + backfill + "')");
      }
      assertThat(progress(c, backfill).get("status")).isEqualTo("cancelled");
      assertThatThrownBy(() -> step(c, backfill, 10)).hasMessageContaining("was cancelled");
    }
  }

  @Test
  void an_operator_may_run_a_backfill_but_write_no_event_and_read_no_customer()
      throws SQLException {
    customers(5);
    DbLogin operator = new DbLogin("backfill_probe_operator", "probe-operator-password");
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname ="
              + " 'backfill_probe_operator') THEN CREATE ROLE backfill_probe_operator LOGIN"
              + " PASSWORD 'probe-operator-password' IN ROLE outbox_operator; END IF; END $$");
      st.execute("GRANT CONNECT ON DATABASE customers TO backfill_probe_operator");
    }
    try (Connection c = connect(operator)) {
      UUID backfill = start(c, null);
      runToEnd(c, backfill, 1_000);
      assertThat(progress(c, backfill).get("status")).isEqualTo("done");
      assertThat(strings(c, "SELECT aggregate_type FROM state_source")).contains("customer");
      for (String refused :
          List.of(
              "SELECT * FROM customer LIMIT 1",
              "SELECT * FROM customer_state LIMIT 1",
              "SELECT * FROM outbox LIMIT 1",
              "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version,"
                  + " event_type, payload, occurred_at) VALUES (gen_random_uuid(), 'customer',"
                  + " 'x', 1, 'Forged', '{}', now())",
              "UPDATE backfill SET emitted = 0")) {
        assertThatThrownBy(
                () -> {
                  try (Statement st = c.createStatement()) {
                    st.execute(refused);
                  }
                })
            .as(refused)
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
      }
    }
    try (Connection relay = connect(stack.relayLogin(ServiceDatabase.CUSTOMERS))) {
      assertThatThrownBy(() -> start(relay, null))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}
