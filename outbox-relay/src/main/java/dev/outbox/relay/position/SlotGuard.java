package dev.outbox.relay.position;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before streaming, that the slot can continue from the position stored in {@code
 * relay_offset}. Debezium would otherwise create a missing slot at the current end of the WAL, or
 * follow a slot that moved on, and silently skip what lies between.
 *
 * <p>A slot whose confirmed position is <em>before</em> the stored one is normal: the engine stores
 * its position first and confirms it to the slot afterwards, so a crash in between leaves the slot
 * a little behind, and Debezium skips the changes it already relayed.
 */
public final class SlotGuard {

  private static final Logger LOG = LoggerFactory.getLogger(SlotGuard.class);

  private final String slot;
  private final String database;

  public SlotGuard(String slot, String database) {
    this.slot = slot;
    this.database = database;
  }

  private record SlotState(String plugin, String database, long confirmedFlush) {}

  /**
   * @param streamedBefore whether this process streamed the slot already (see the class comment)
   * @throws SlotStateException when streaming on would skip events
   */
  public void verify(Connection c, boolean streamedBefore) throws SQLException {
    Optional<Long> stored = storedPosition(c);
    Optional<SlotState> state = slotState(c);
    if (state.isEmpty()) {
      if (stored.isPresent()) {
        throw new SlotStateException(
            "Replication slot '"
                + slot
                + "' does not exist, but relay_offset holds a position for it (LSN "
                + Lsn.format(stored.get())
                + "). Events committed since then can no longer be read from the WAL, so the relay"
                + " refuses to start rather than skip them. To start over on purpose, republish the"
                + " outbox rows committed after that position and run: DELETE FROM relay_offset"
                + " WHERE slot_name = '"
                + slot
                + "';");
      }
      return;
    }
    SlotState s = state.get();
    if (!"pgoutput".equals(s.plugin()) || !database.equals(s.database())) {
      throw new SlotStateException(
          "Replication slot '"
              + slot
              + "' belongs to plugin "
              + s.plugin()
              + " in database "
              + s.database()
              + ", not to pgoutput in "
              + database
              + ": choose another RELAY_SLOT");
    }
    if (stored.isPresent() && s.confirmedFlush() > stored.get()) {
      if (streamedBefore) {
        LOG.warn(
            "SlotGuard - slot {} confirmed LSN {}, past the stored position {}: confirmed by this"
                + " relay after Kafka acknowledged, while storing the position failed; continuing",
            slot,
            Lsn.format(s.confirmedFlush()),
            Lsn.format(stored.get()));
        return;
      }
      throw new SlotStateException(
          "Replication slot '"
              + slot
              + "' has confirmed LSN "
              + Lsn.format(s.confirmedFlush())
              + ", past the position stored in relay_offset (LSN "
              + Lsn.format(stored.get())
              + "): it was re-created or advanced by someone else, and the events between were"
              + " never relayed. The relay refuses to start rather than skip them.");
    }
  }

  private Optional<Long> storedPosition(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT max(greatest((offset_value->>'lsn')::numeric,"
                + " (offset_value->>'lsn_proc')::numeric, (offset_value->>'lsn_commit')::numeric))"
                + " FROM relay_offset WHERE slot_name = ?")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        BigDecimal lsn = rs.getBigDecimal(1);
        return Optional.ofNullable(lsn).map(BigDecimal::longValueExact);
      }
    }
  }

  private Optional<SlotState> slotState(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT plugin, database, confirmed_flush_lsn::text FROM pg_replication_slots"
                + " WHERE slot_name = ?")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String confirmed = rs.getString(3);
        return Optional.of(
            new SlotState(
                rs.getString(1), rs.getString(2), confirmed == null ? 0 : Lsn.parse(confirmed)));
      }
    }
  }
}
