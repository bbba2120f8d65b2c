package dev.outbox.cli.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a service database's {@code replica} table (platform V4): a copy that one of its
 * consumers keeps of another service's aggregates, and the digest views that compare the two.
 *
 * @param name the replica's name
 * @param database the service database that holds the copy
 * @param consumer the consumer that feeds it
 * @param aggregateType the aggregate type it copies
 * @param sourceDatabase the logical name of the owning service's database
 * @param digestView the digest view in {@code database}, as PostgreSQL prints its name
 * @param sourceDigestView the name of the digest view in the source database
 */
record ReplicaDeclaration(
    String name,
    String database,
    String consumer,
    String aggregateType,
    String sourceDatabase,
    String digestView,
    String sourceDigestView) {

  /**
   * Every replica declared in the database of {@code connection}, by name.
   *
   * @throws VerifyException when the table cannot be read
   */
  static List<ReplicaDeclaration> readAll(Connection connection, String database) {
    List<ReplicaDeclaration> replicas = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT name, consumer, aggregate_type, source_database, digest_view::text,"
                    + " source_digest_view FROM replica ORDER BY name COLLATE \"C\"")) {
      while (rs.next()) {
        replicas.add(
            new ReplicaDeclaration(
                rs.getString(1),
                database,
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)));
      }
      return replicas;
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        throw new VerifyException(
            "database "
                + database
                + " has no replica table (platform migration V4): apply the migrations"
                + " (bin/outbox migrate)",
            e);
      }
      throw new VerifyException(
          "reading the replica declarations of database " + database + " failed: " + e.getMessage(),
          e);
    }
  }
}
