package dev.outbox.cli.status;

import dev.outbox.cli.status.DatabaseStatus.Consumer;
import dev.outbox.cli.status.DatabaseStatus.Outbox;
import dev.outbox.cli.status.DatabaseStatus.Parked;
import dev.outbox.cli.status.DatabaseStatus.Relay;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a service database's inspection views (outbox-schema) into a {@link DatabaseStatus}: what
 * {@code status}, {@code dlq list} and the console show.
 */
public final class StatusReader {

  public DatabaseStatus read(String database, Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      return new DatabaseStatus(database, relays(st), outbox(st), consumers(st), parked(st));
    }
  }

  private static List<Relay> relays(Statement st) throws SQLException {
    List<Relay> relays = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT slot_name, active, lag_bytes, wal_retained_bytes,"
                + " extract(epoch FROM lag_time) AS lag_seconds, last_heartbeat_at,"
                + " stored_lsn::text AS stored_lsn, last_relayed_commit_at"
                + " FROM relay_status ORDER BY slot_name")) {
      while (rs.next()) {
        double lagSeconds = rs.getDouble("lag_seconds");
        Duration lag = rs.wasNull() ? null : Duration.ofMillis(Math.round(lagSeconds * 1000));
        relays.add(
            new Relay(
                rs.getString("slot_name"),
                rs.getBoolean("active"),
                rs.getLong("lag_bytes"),
                rs.getLong("wal_retained_bytes"),
                lag,
                instant(rs.getTimestamp("last_heartbeat_at")),
                rs.getString("stored_lsn"),
                instant(rs.getTimestamp("last_relayed_commit_at"))));
      }
    }
    return relays;
  }

  private static Outbox outbox(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT coalesce(sum(retained), 0), coalesce(sum(last_minute), 0),"
                + " coalesce(sum(last_hour), 0), max(newest),"
                + " (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relid = 'outbox'::regclass)"
                + " FROM outbox_rates")) {
      rs.next();
      long inserted = rs.getLong(5);
      return new Outbox(
          rs.getLong(1),
          rs.getLong(2),
          rs.getLong(3),
          instant(rs.getTimestamp(4)),
          rs.wasNull() ? null : inserted);
    }
  }

  private static List<Consumer> consumers(Statement st) throws SQLException {
    List<Consumer> consumers = new ArrayList<>();
    try (ResultSet rs = st.executeQuery("SELECT * FROM consumer_status ORDER BY consumer")) {
      while (rs.next()) {
        consumers.add(
            new Consumer(
                rs.getString("consumer"),
                rs.getLong("applied"),
                rs.getLong("duplicates"),
                rs.getLong("stale"),
                rs.getLong("gaps"),
                rs.getLong("parked"),
                rs.getLong("blocked"),
                instant(rs.getTimestamp("last_applied_at"))));
      }
    }
    return consumers;
  }

  /** Only the open dead letters (view {@code dead_letter_open}), oldest first. */
  public List<Parked> openDeadLetters(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      return parked(st);
    }
  }

  /**
   * A consumer's dead letter of an event, open or resolved (the newest when it was parked twice).
   *
   * @return its id and status ({@code PARKED}, {@code BLOCKED}, {@code REPLAYED}, {@code
   *     DISCARDED}); empty when the consumer has none of that event
   */
  public java.util.Optional<Map.Entry<Long, String>> deadLetterOf(
      Connection c, String consumer, java.util.UUID eventId) throws SQLException {
    try (java.sql.PreparedStatement st =
        c.prepareStatement(
            "SELECT id, status FROM dead_letter WHERE consumer = ? AND event_id = ?"
                + " ORDER BY id DESC LIMIT 1")) {
      st.setString(1, consumer);
      st.setObject(2, eventId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? java.util.Optional.of(Map.entry(rs.getLong(1), rs.getString(2)))
            : java.util.Optional.empty();
      }
    }
  }

  private static List<Parked> parked(Statement st) throws SQLException {
    List<Parked> parked = new ArrayList<>();
    try (ResultSet rs = st.executeQuery("SELECT * FROM dead_letter_open")) {
      while (rs.next()) {
        long version = rs.getLong("aggregate_version");
        Long aggregateVersion = rs.wasNull() ? null : version;
        long root = rs.getLong("blocked_by");
        Long blockedBy = rs.wasNull() ? null : root;
        parked.add(
            new Parked(
                rs.getLong("id"),
                rs.getString("consumer"),
                rs.getString("status"),
                rs.getString("aggregate_type"),
                rs.getString("aggregate_id"),
                aggregateVersion,
                rs.getString("event_type"),
                rs.getInt("attempts"),
                rs.getString("error"),
                blockedBy,
                instant(rs.getTimestamp("parked_at")),
                rs.getString("event_id"),
                rs.getLong("blocked_behind")));
      }
    }
    return parked;
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
