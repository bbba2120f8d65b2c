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
 * Samples the slot: whether a walsender reads it, and how many WAL bytes it holds back. Runs on the
 * relay's scheduler; a failed sample (database away) marks the slot as not read.
 */
public final class SlotMonitor implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlotMonitor.class);

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
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint"
                  + " FROM pg_replication_slots WHERE slot_name = ?")) {
        ps.setString(1, slot);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            health.slotActive(rs.getBoolean(1));
            metrics.slotLagBytes(rs.getLong(2));
          } else {
            health.slotUnknown("the slot does not exist (yet)");
            metrics.slotLagBytes(-1);
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      health.slotUnknown("database unreachable: " + e.getMessage());
      LOG.debug("SlotMonitor - sampling slot {} failed: {}", slot, e.getMessage());
      close();
    }
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
