package dev.outbox.relay.ha;

import dev.outbox.config.Database;
import dev.outbox.relay.position.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to stream a slot: a session-level PostgreSQL advisory lock, held on a connection of its
 * own. The server releases it when that session ends, so a killed relay frees it at once and a
 * standby takes over without any extra infrastructure. A standby keeps its session and asks again
 * on it, rather than opening a connection (a server process) per attempt.
 */
public final class LeaderLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderLock.class);

  private final Database db;
  private final String slot;
  private Connection connection;
  private boolean held;

  public LeaderLock(Database db, String slot) {
    this.db = db;
    this.slot = slot;
  }

  /**
   * Tries once to take the lock.
   *
   * @return true when this relay holds it now
   * @throws SQLException when the database cannot be reached (the session is dropped)
   */
  public boolean tryAcquire() throws SQLException {
    if (held) {
      return true;
    }
    try {
      if (connection == null || connection.isClosed()) {
        connection = Connections.open(db, "lock " + slot);
      }
      try (PreparedStatement ps =
          connection.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
        ps.setString(1, "outbox-relay:" + slot);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          held = rs.getBoolean(1);
          return held;
        }
      }
    } catch (SQLException e) {
      release();
      throw e;
    }
  }

  /** Whether the lock is held and its session still alive (a round trip to the server). */
  public boolean isHeld() {
    try {
      return held && connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Releases the lock, if held, by ending its session. */
  public void release() {
    held = false;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("LeaderLock - closing the lock session of {} failed", slot, e);
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    release();
  }
}
