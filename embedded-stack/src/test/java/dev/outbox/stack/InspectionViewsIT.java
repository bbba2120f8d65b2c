package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The inspection views of the platform schema (outbox-schema) over rows written as the client and
 * relay write them. The end-to-end tests read the same views after a real flow.
 */
@ExtendWith(OutboxStackExtension.class)
class InspectionViewsIT {

  private static Connection admin(OutboxStack stack) throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(ServiceDatabase.ORDERS),
        stack.postgres().admin().user(),
        stack.postgres().admin().password());
  }

  private static void insertOutbox(Statement st, UUID id, String type, String aggregateId, int v)
      throws SQLException {
    st.executeUpdate(
        "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,"
            + " payload, occurred_at) VALUES ('"
            + id
            + "', '"
            + type
            + "', '"
            + aggregateId
            + "', "
            + v
            + ", 'Probed', '{}', now())");
  }

  @Test
  void outbox_views_show_recent_events_and_rates(OutboxStack stack) throws SQLException {
    String type = "viewprobe" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100000);
    try (Connection c = admin(stack);
        Statement st = c.createStatement()) {
      for (int v = 1; v <= 3; v++) {
        insertOutbox(st, UUID.randomUUID(), type, "a1", v);
      }
      ResultSet rates =
          st.executeQuery(
              "SELECT last_minute, retained FROM outbox_rates WHERE aggregate_type = '"
                  + type
                  + "'");
      assertThat(rates.next()).isTrue();
      assertThat(rates.getLong("last_minute")).isEqualTo(3);
      assertThat(rates.getLong("retained")).isEqualTo(3);
      ResultSet recent =
          st.executeQuery(
              "SELECT aggregate_version FROM outbox_recent WHERE aggregate_type = '" + type + "'");
      List<Long> versions = new ArrayList<>();
      while (recent.next()) {
        versions.add(recent.getLong(1));
      }
      assertThat(versions).containsExactly(3L, 2L, 1L);
    }
  }

  @Test
  void relay_status_shows_an_inactive_slot_its_lag_and_the_stored_position(OutboxStack stack)
      throws SQLException {
    String slot = "view_probe_slot";
    try (Connection c = admin(stack);
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
      try {
        st.executeUpdate(
            "INSERT INTO relay_offset (slot_name, offset_key, offset_value) VALUES ('"
                + slot
                + "', 'k', '{\"lsn\": 16777216, \"ts_usec\": 1700000000000000}')");
        st.executeUpdate(
            "INSERT INTO relay_heartbeat (slot_name, beat_at) VALUES ('" + slot + "', now())");
        insertOutbox(st, UUID.randomUUID(), "lagprobe", "x", 1);

        ResultSet rs =
            st.executeQuery(
                "SELECT active, lag_bytes, wal_retained_bytes, stored_lsn::text,"
                    + " last_relayed_commit_at, last_heartbeat_at, oldest_unrelayed_at"
                    + " FROM relay_status WHERE slot_name = '"
                    + slot
                    + "'");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean("active")).isFalse();
        assertThat(rs.getLong("lag_bytes")).as("the insert after the slot's creation").isPositive();
        assertThat(rs.getLong("wal_retained_bytes"))
            .isGreaterThanOrEqualTo(rs.getLong("lag_bytes"));
        assertThat(rs.getString("stored_lsn")).isEqualTo("0/1000000");
        assertThat(rs.getTimestamp("last_relayed_commit_at").toInstant().getEpochSecond())
            .isEqualTo(1_700_000_000L);
        assertThat(rs.getTimestamp("last_heartbeat_at")).isNotNull();
        assertThat(rs.getTimestamp("oldest_unrelayed_at")).isNotNull();
      } finally {
        st.execute("SELECT pg_drop_replication_slot('" + slot + "')");
        st.executeUpdate("DELETE FROM relay_offset WHERE slot_name = '" + slot + "'");
        st.executeUpdate("DELETE FROM relay_heartbeat WHERE slot_name = '" + slot + "'");
      }
    }
  }

  @Test
  void consumer_status_dead_letters_and_the_event_trail(OutboxStack stack) throws SQLException {
    String consumer = "view-probe-" + UUID.randomUUID();
    UUID applied = UUID.randomUUID();
    UUID parked = UUID.randomUUID();
    try (Connection c = admin(stack);
        Statement st = c.createStatement()) {
      insertOutbox(st, applied, "trailprobe", "t1", 1);
      String inbox =
          "INSERT INTO inbox (consumer, event_id, aggregate_type, aggregate_id, aggregate_version,"
              + " event_type, topic, kafka_partition, kafka_offset) VALUES ('"
              + consumer
              + "', '%s', 'trailprobe', 't1', %d, 'Probed', 'trailprobe.events', 0, %d)";
      st.executeUpdate(String.format(inbox, applied, 1, 10));
      st.executeUpdate(String.format(inbox, UUID.randomUUID(), 2, 11));
      st.executeUpdate(
          "INSERT INTO consumer_counter (consumer, counter, value) VALUES ('"
              + consumer
              + "', 'duplicate', 4), ('"
              + consumer
              + "', 'stale', 1)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO dead_letter (consumer, event_id, aggregate_type, aggregate_id,"
                  + " aggregate_version, event_type, topic, kafka_partition, kafka_offset, status,"
                  + " attempts, error, blocked_by) VALUES (?, ?, 'trailprobe', 't2', ?, 'Probed',"
                  + " 'trailprobe.events', 0, ?, ?, ?, ?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, consumer);
        ps.setObject(2, parked);
        ps.setLong(3, 1);
        ps.setLong(4, 12);
        ps.setString(5, "PARKED");
        ps.setInt(6, 5);
        ps.setString(7, "boom: bad payload");
        ps.setObject(8, null);
        ps.executeUpdate();
        ResultSet keys = ps.getGeneratedKeys();
        keys.next();
        long root = keys.getLong(1);
        ps.setObject(2, UUID.randomUUID());
        ps.setLong(3, 2);
        ps.setLong(4, 13);
        ps.setString(5, "BLOCKED");
        ps.setInt(6, 0);
        ps.setString(7, null);
        ps.setLong(8, root);
        ps.executeUpdate();
      }

      ResultSet status =
          st.executeQuery("SELECT * FROM consumer_status WHERE consumer = '" + consumer + "'");
      assertThat(status.next()).isTrue();
      assertThat(status.getLong("applied")).isEqualTo(1);
      assertThat(status.getLong("duplicates")).isEqualTo(4);
      assertThat(status.getLong("stale")).isEqualTo(1);
      assertThat(status.getLong("parked")).isEqualTo(1);
      assertThat(status.getLong("blocked")).isEqualTo(1);
      assertThat(status.getTimestamp("last_applied_at")).isNotNull();

      ResultSet open =
          st.executeQuery(
              "SELECT status, error, blocked_behind FROM dead_letter_open WHERE consumer = '"
                  + consumer
                  + "' ORDER BY id");
      assertThat(open.next()).isTrue();
      assertThat(open.getString("status")).isEqualTo("PARKED");
      assertThat(open.getString("error")).isEqualTo("boom: bad payload");
      assertThat(open.getLong("blocked_behind")).isEqualTo(1);
      assertThat(open.next()).isTrue();
      assertThat(open.getString("status")).isEqualTo("BLOCKED");

      List<String> trail = new ArrayList<>();
      ResultSet steps = st.executeQuery("SELECT step, actor FROM event_trail('" + applied + "')");
      while (steps.next()) {
        trail.add(steps.getString("step") + " " + steps.getString("actor"));
      }
      assertThat(trail).containsExactly("written trailprobe/t1", "received " + consumer);

      ResultSet parkedTrail =
          st.executeQuery("SELECT step, detail FROM event_trail('" + parked + "')");
      assertThat(parkedTrail.next()).isTrue();
      assertThat(parkedTrail.getString("step")).isEqualTo("parked");
      assertThat(parkedTrail.getString("detail")).isEqualTo("boom: bad payload");
    }
  }
}
