package dev.outbox.service.db;

import dev.outbox.config.Database;
import dev.outbox.service.health.DownSince;
import dev.outbox.service.health.HealthCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;

/**
 * The {@code database} entry of {@code /health}: DOWN (the service cannot serve) when a fresh
 * connection cannot be opened and validated within about two seconds, with the driver's reason.
 *
 * <p>What it finds also tells the HTTP API's {@link DatabaseOutages} whether to answer 503 at once.
 *
 * <p>It opens its own short-lived connection instead of borrowing one from the pool: the pool waits
 * its whole connection timeout when the database is away, and a pool busy with requests is not a
 * database that is away.
 */
public final class DatabaseCheck implements HealthCheck {

  private static final int TIMEOUT_SECONDS = 2;

  private final Database database;
  private final String applicationName;
  private final DatabaseOutages outages;
  private final DownSince downSince;

  /**
   * @param applicationName what {@code pg_stat_activity} shows for its connections
   */
  public DatabaseCheck(
      Database database, String applicationName, DatabaseOutages outages, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
    this.outages = Objects.requireNonNull(outages, "outages");
    this.downSince = new DownSince(clock);
  }

  @Override
  public Result check() {
    Properties properties = new Properties();
    properties.setProperty("user", database.user());
    properties.setProperty("password", database.password());
    properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("ApplicationName", applicationName);
    try (Connection connection = DriverManager.getConnection(database.url().url(), properties)) {
      if (!connection.isValid(TIMEOUT_SECONDS)) {
        outages.away();
        return Result.down(downSince.down(), "the database does not answer a validity check");
      }
      downSince.up();
      outages.back();
      return Result.up();
    } catch (SQLException e) {
      outages.away();
      return Result.down(downSince.down(), reason(e));
    }
  }

  private static String reason(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e.getSQLState() == null ? message : message + " (SQLSTATE " + e.getSQLState() + ")";
  }
}
