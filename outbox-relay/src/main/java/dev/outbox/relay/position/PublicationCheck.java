package dev.outbox.relay.position;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the publication exists and publishes the outbox's inserts. The platform migration
 * creates it as the schema owner; if it is missing the relay tries to create it, and when its role
 * may not, it stops with the SQL that a DBA must run.
 */
public final class PublicationCheck {

  private static final Logger LOG = LoggerFactory.getLogger(PublicationCheck.class);
  private static final String HEARTBEAT_TABLE = "relay_heartbeat";

  private final String publication;
  private final String schema;
  private final String table;

  public PublicationCheck(String publication, String schema, String table) {
    this.publication = publication;
    this.schema = schema;
    this.table = table;
  }

  public void ensure(Connection c) throws SQLException {
    if (!exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ? AND pubinsert", publication)) {
      create(c);
    }
    if (!publishes(c, table)) {
      throw new PublicationMissingException(
          "Publication "
              + publication
              + " does not publish "
              + schema
              + "."
              + table
              + ". A DBA must run: ALTER PUBLICATION "
              + publication
              + " ADD TABLE "
              + schema
              + "."
              + table
              + ";");
    }
    if (!publishes(c, HEARTBEAT_TABLE)) {
      LOG.warn(
          "OutboxRelay - publication {} does not publish {}: heartbeats cannot move the slot while"
              + " the outbox is idle, and the server keeps WAL. Run: ALTER PUBLICATION {} ADD TABLE"
              + " {}.{};",
          publication,
          HEARTBEAT_TABLE,
          publication,
          schema,
          HEARTBEAT_TABLE);
    }
  }

  private void create(Connection c) throws SQLException {
    String sql =
        "CREATE PUBLICATION "
            + publication
            + " FOR TABLE "
            + schema
            + "."
            + table
            + ", "
            + schema
            + "."
            + HEARTBEAT_TABLE;
    try (Statement st = c.createStatement()) {
      st.execute(sql);
      LOG.info("OutboxRelay - created publication: {}", sql);
    } catch (SQLException e) {
      throw new PublicationMissingException(
          "Publication "
              + publication
              + " does not exist and the relay's role may not create it ("
              + e.getMessage()
              + "). A DBA must run, as the owner of the outbox table: "
              + sql
              + ";");
    }
  }

  private boolean publishes(Connection c, String tableName) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ?"
                + " AND tablename = ?")) {
      ps.setString(1, publication);
      ps.setString(2, schema);
      ps.setString(3, tableName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean exists(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
