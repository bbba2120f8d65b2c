package dev.outbox.relay.position;

import dev.outbox.config.Database;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.metrics.RelayMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the slot: whether a walsender reads it, how far behind it is (WAL bytes after its
 * confirmed position; the age of the oldest outbox row after the stored position), how much WAL it
 * keeps on disk, and how old its heartbeat is. Runs on the relay's scheduler; a failed sample
 * (database away) marks the slot as not read and the figures as unknown (-1).
 */
public final class SlotMonitor implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlotMonitor.class);

  private static final String SLOT =
      "SELECT s.active,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::bigint,"
          + " pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint,"
          + " (SELECT extract(epoch FROM clock_timestamp() - h.beat_at)::float8"
          + "    FROM relay_heartbeat h WHERE h.slot_name = s.slot_name)"
          + " FROM pg_replication_slots s WHERE s.slot_name = ?";

  // As the relay_status view's lag_time: rows that occurred after the last relayed commit (the
  // stored position's ts_usec) are not on Kafka yet; occurred_at is set just before commit, so this
  // is a close lower bound. No row before the first stored position: unknown, since the rows
  // already in the outbox then are not this slot's to relay (RELAY_EXISTING_ROWS=skip). The index
  // outbox_occurred_at_idx makes it one probe.
  private static final String LAG =
      "SELECT p.at IS NOT NULL,"
          + " greatest(0, coalesce((SELECT"
          + "   extract(epoch FROM clock_timestamp() - min(o.occurred_at))::float8"
          + "   FROM outbox o WHERE o.occurred_at > p.at), 0))"
          + " FROM (SELECT to_timestamp((r.offset_value ->> 'ts_usec')::numeric / 1000000.0) AS at"
          + "   FROM relay_offset r WHERE r.slot_name = ?) p";

  private final Database db;
  private final String slot;
  private final RelayHealth health;
  private final RelayMetrics metrics;
  private Connection connection;

  public SlotMonitor(Database db, String slot, RelayHealth health, RelayMetrics metrics) {
    this.db = db;
    this.slot = slot;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public synchronized void run() {
    try {
      if (connection == null || connection.isClosed()) {
        connection = Connections.open(db, "monitor " + slot);
      }
      try (PreparedStatement ps = connection.prepareStatement(SLOT)) {
        ps.setString(1, slot);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            health.slotActive(rs.getBoolean(1));
            metrics.slotLagBytes(rs.getLong(2));
            metrics.walRetainedBytes(orUnknown(rs.getLong(3), rs.wasNull()));
            double heartbeatAge = rs.getDouble(4);
            metrics.heartbeatAgeSeconds(rs.wasNull() ? -1 : heartbeatAge);
          } else {
            health.slotUnknown("the slot does not exist (yet)");
            unknown();
            return;
          }
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(LAG)) {
        ps.setString(1, slot);
        try (ResultSet rs = ps.executeQuery()) {
          metrics.lagSeconds(rs.next() && rs.getBoolean(1) ? rs.getDouble(2) : -1);
        }
      }
    } catch (SQLException | RuntimeException e) {
      health.slotUnknown("database unreachable: " + e.getMessage());
      unknown();
      LOG.debug("SlotMonitor - sampling slot {} failed: {}", slot, e.getMessage());
      close();
    }
  }

  private void unknown() {
    metrics.slotLagBytes(-1);
    metrics.walRetainedBytes(-1);
    metrics.heartbeatAgeSeconds(-1);
    metrics.lagSeconds(-1);
  }

  private static long orUnknown(long value, boolean wasNull) {
    return wasNull ? -1 : value;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("SlotMonitor - closing failed", e);
      }
      connection = null;
    }
  }
}
