package dev.outbox.cli.verify;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A digest view ({@code aggregate_id text, aggregate_version bigint, digest text}) in one database,
 * read with plain statements: each batch is its own short transaction (autocommit), so a long
 * comparison holds no snapshot that would keep vacuum from its work, and takes no lock beyond that
 * of a {@code SELECT}. Ids are ordered byte-wise ({@code COLLATE "C"}), whatever the database's
 * default collation.
 */
final class DigestView {

  private final Connection connection;
  private final String database;
  private final String relation;

  private DigestView(Connection connection, String database, String relation) {
    this.connection = connection;
    this.database = database;
    this.relation = relation;
  }

  /**
   * The view called {@code name} in the database of {@code connection}.
   *
   * @throws VerifyException when there is no such view there
   */
  static DigestView resolve(Connection connection, String database, String name) {
    try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?)::text")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        String relation = rs.getString(1);
        if (relation == null) {
          throw new VerifyException(
              "the digest view "
                  + name
                  + " does not exist in database "
                  + database
                  + ": apply that service's migrations (bin/outbox migrate), or correct the"
                  + " replica's declaration");
        }
        return new DigestView(connection, database, relation);
      }
    } catch (SQLException e) {
      throw failure(database, "looking up the digest view " + name, e);
    }
  }

  /** The view's name as PostgreSQL prints it (quoted where needed). */
  String relation() {
    return relation;
  }

  String database() {
    return database;
  }

  /** At most {@code limit} rows with an id after {@code after} (null: from the first). */
  List<DigestRow> batchAfter(String after, int limit) {
    String sql =
        "SELECT aggregate_id, aggregate_version, digest FROM "
            + relation
            + (after == null ? "" : " WHERE aggregate_id COLLATE \"C\" > ?")
            + " ORDER BY aggregate_id COLLATE \"C\" LIMIT ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int index = 1;
      if (after != null) {
        ps.setString(index++, after);
      }
      ps.setInt(index, limit);
      List<DigestRow> rows = new ArrayList<>(Math.min(limit, 65_536));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw failure(database, "reading " + relation, e);
    }
  }

  /** The rows of these ids that the view has now, by id. */
  Map<String, DigestRow> rowsOf(List<String> ids) {
    Map<String, DigestRow> rows = new HashMap<>();
    if (ids.isEmpty()) {
      return rows;
    }
    String sql =
        "SELECT aggregate_id, aggregate_version, digest FROM "
            + relation
            + " WHERE aggregate_id COLLATE \"C\" = ANY (?)";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      Array array = connection.createArrayOf("text", ids.toArray());
      ps.setArray(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          DigestRow row = row(rs);
          rows.put(row.id(), row);
        }
      }
      array.free();
      return rows;
    } catch (SQLException e) {
      throw failure(database, "re-reading " + relation, e);
    }
  }

  private DigestRow row(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    long version = rs.getLong(2);
    boolean noVersion = rs.wasNull();
    String digest = rs.getString(3);
    if (id == null || noVersion || digest == null) {
      throw new VerifyException(
          "the digest view "
              + relation
              + " in database "
              + database
              + " has a row with a null aggregate_id, aggregate_version or digest"
              + (id == null ? "" : " (aggregate " + id + ")")
              + ": every column of a digest view must be set");
    }
    return new DigestRow(id, version, digest);
  }

  private static VerifyException failure(String database, String what, SQLException e) {
    String hint =
        "42501".equals(e.getSQLState())
            ? ": the role may not read it; run verify as a role that may (--db-user, or grant"
                + " SELECT on the view)"
            : "";
    return new VerifyException(
        what + " in database " + database + " failed: " + e.getMessage() + hint, e);
  }
}
