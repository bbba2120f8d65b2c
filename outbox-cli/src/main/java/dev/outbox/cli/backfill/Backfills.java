package dev.outbox.cli.backfill;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The backfill SQL of one service database (platform V5): the {@code state_source} declarations,
 * the {@code backfill} rows and the functions that start, step, fail and cancel a backfill. Every
 * call is a statement of its own in auto-commit, so that each step is one transaction.
 */
final class Backfills {

  /** Who asks, in {@code backfill.requested_by}: the operator command. */
  static final String REQUESTED_BY = "cli";

  private static final String COLUMNS =
      "id, aggregate_type, ids, missing_ids, status, resume_after, emitted, expected_total,"
          + " created_at, error";

  private final Connection connection;

  Backfills(Connection connection) {
    this.connection = connection;
  }

  /** The aggregate types this database can republish, sorted. */
  List<String> declaredTypes() throws SQLException {
    List<String> types = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT aggregate_type FROM state_source ORDER BY aggregate_type");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        types.add(rs.getString(1));
      }
    }
    return types;
  }

  /**
   * The newest unfinished ({@code running} or {@code failed}) backfill that this command started
   * for the same aggregate type and the same ids (compared as {@code backfill_start} stores them:
   * sorted and distinct).
   */
  Optional<BackfillState> unfinished(String aggregateType, List<String> ids) throws SQLException {
    String sameIds =
        ids.isEmpty()
            ? "ids IS NULL"
            : "ids = ARRAY(SELECT DISTINCT i COLLATE \"C\" FROM unnest(?::text[]) i ORDER BY 1)";
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM backfill WHERE aggregate_type = ? AND requested_by = ?"
                + " AND status IN ('running', 'failed') AND "
                + sameIds
                + " ORDER BY created_at DESC LIMIT 1")) {
      ps.setString(1, aggregateType);
      ps.setString(2, REQUESTED_BY);
      if (!ids.isEmpty()) {
        ps.setArray(3, textArray(ids));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(state(rs)) : Optional.empty();
      }
    }
  }

  /** Starts a backfill of the ids (all aggregates of the type when empty) and returns its row. */
  BackfillState start(String aggregateType, List<String> ids) throws SQLException {
    UUID id;
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT backfill_start(?, ?::text[], ?)")) {
      ps.setString(1, aggregateType);
      ps.setArray(2, ids.isEmpty() ? null : textArray(ids));
      ps.setString(3, REQUESTED_BY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getObject(1, UUID.class);
      }
    }
    return read(id);
  }

  /** Emits the next batch of at most {@code limit} snapshots, in one transaction. */
  int step(UUID backfill, int limit) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT backfill_step(?, ?)")) {
      ps.setObject(1, backfill);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The backfill's row as stored now. */
  BackfillState read(UUID backfill) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM backfill WHERE id = ?")) {
      ps.setObject(1, backfill);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no backfill " + backfill);
        }
        return state(rs);
      }
    }
  }

  /** Records why a step failed; the backfill stays resumable. */
  void fail(UUID backfill, String error) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT backfill_fail(?, ?)")) {
      ps.setObject(1, backfill);
      ps.setString(2, error);
      ps.execute();
    }
  }

  /** Gives up on an unfinished backfill; nothing resumes it afterwards. */
  void cancel(UUID backfill) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT backfill_cancel(?)")) {
      ps.setObject(1, backfill);
      ps.execute();
    }
  }

  private Array textArray(List<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray(new String[0]));
  }

  private static BackfillState state(ResultSet rs) throws SQLException {
    return new BackfillState(
        rs.getObject("id", UUID.class),
        rs.getString("aggregate_type"),
        texts(rs.getArray("ids")),
        texts(rs.getArray("missing_ids")),
        rs.getString("status"),
        rs.getString("resume_after"),
        rs.getLong("emitted"),
        rs.getLong("expected_total"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getString("error"));
  }

  private static List<String> texts(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((String[]) array.getArray());
  }
}
