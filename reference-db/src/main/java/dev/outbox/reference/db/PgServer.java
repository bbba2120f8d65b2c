package dev.outbox.reference.db;

import java.util.Objects;

/**
 * Where a PostgreSQL server listens and how to reach it as its administrator (a superuser, or a
 * role allowed to create roles and databases).
 */
public record PgServer(String host, int port, DbLogin admin) {

  public PgServer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(admin, "admin");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
  }

  /** A JDBC URL for one database of this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }
}
