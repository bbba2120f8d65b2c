package dev.outbox.cli.verify;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.config.JdbcUrl;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

/**
 * Where a replica's source database is: on the server of the service databases ({@code --db-*}) by
 * default, or at a URL given with {@code --source-url <name>=<jdbc url>}, for a source on another
 * server. A URL that names a {@code user} parameter is a whole login by itself (its {@code
 * password} parameter with it); without one, the login of {@code --db-user} and {@code
 * --db-password} is used there too.
 */
final class SourceDatabases {

  private final DbOptions db;
  private final Map<String, JdbcUrl> urls;

  SourceDatabases(DbOptions db, Map<String, JdbcUrl> urls) {
    this.db = Objects.requireNonNull(db, "db");
    this.urls = Map.copyOf(urls);
  }

  /** Where the source called {@code name} is, safe to print (a password in a URL is masked). */
  String describe(String name) {
    JdbcUrl url = urls.get(name);
    if (url != null) {
      return url.toString();
    }
    return db.server().jdbcUrl(service(name).databaseName());
  }

  /**
   * Connects to the source called {@code name}.
   *
   * @throws VerifyException saying what to check when it cannot
   */
  Connection connect(String name) {
    JdbcUrl url = urls.get(name);
    try {
      if (url == null) {
        return db.connect(service(name));
      }
      return url.parameters().containsKey("user")
          ? DriverManager.getConnection(url.url())
          : DriverManager.getConnection(url.url(), db.server().admin().user(), password());
    } catch (SQLException e) {
      throw new VerifyException(
          "cannot reach the source database "
              + name
              + " at "
              + describe(name)
              + ": "
              + e.getMessage()
              + (url == null
                  ? " (check --db-host, --db-port, --db-user, --db-password; for a source on"
                      + " another server give --source-url "
                      + name
                      + "=jdbc:postgresql://host:port/"
                      + name
                      + ")"
                  : " (check --source-url " + name + ")"),
          e);
    }
  }

  private String password() {
    return db.server().admin().password();
  }

  private ServiceDatabase service(String name) {
    try {
      return ServiceDatabase.byName(name);
    } catch (IllegalArgumentException e) {
      throw new VerifyException(
          "a replica's source database is '"
              + name
              + "', which is not a service database of this deployment (customers, orders):"
              + " give --source-url "
              + name
              + "=jdbc:postgresql://host:port/"
              + name,
          e);
    }
  }
}
