package dev.outbox.relay.retention;

import dev.outbox.config.Database;
import dev.outbox.relay.config.RetentionConfig;
import dev.outbox.relay.metrics.RelayMetrics;
import dev.outbox.relay.position.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes outbox rows older than the retention age that this relay has already relayed, in small
 * transactions. The relay's role may not delete from the outbox; the platform's {@code
 * outbox_purge_relayed} function (SECURITY DEFINER) does it and itself bounds the deletion by the
 * commit time of the position stored in {@code relay_offset}. The deletes reach the relay as
 * changes and are counted, never published.
 */
public final class RetentionJob implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private final Database db;
  private final String slot;
  private final RetentionConfig config;
  private final RelayMetrics metrics;

  public RetentionJob(Database db, String slot, RetentionConfig config, RelayMetrics metrics) {
    this.db = db;
    this.slot = slot;
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    long total = 0;
    try (Connection c = Connections.open(db, "retention " + slot);
        PreparedStatement purge =
            c.prepareStatement("SELECT outbox_purge_relayed(?, make_interval(secs => ?), ?)")) {
      purge.setString(1, slot);
      purge.setDouble(2, config.age().toMillis() / 1000.0);
      purge.setInt(3, config.batchSize());
      long deleted;
      do {
        try (ResultSet rs = purge.executeQuery()) {
          rs.next();
          deleted = rs.getLong(1);
        }
        total += deleted;
        metrics.retentionDeleted(deleted);
      } while (deleted == config.batchSize());
      if (total > 0) {
        LOG.info("Retention - deleted {} relayed outbox rows older than {}", total, config.age());
      }
    } catch (SQLException | RuntimeException e) {
      metrics.error("retention");
      LOG.warn(
          "Retention - deleting relayed outbox rows failed, retried at the next run: {}",
          e.getMessage());
    }
  }
}
