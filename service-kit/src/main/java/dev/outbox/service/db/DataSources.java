package dev.outbox.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outbox.service.config.DbConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool of a service and the health check of its database. */
public final class DataSources {

  private static final Logger LOG = LoggerFactory.getLogger(DataSources.class);

  private DataSources() {}

  /**
   * A HikariCP pool named {@code poolName} for {@code db}, with its meters in {@code registry}.
   *
   * @throws RuntimeException when the database does not answer within 10 seconds
   */
  public static HikariDataSource pool(DbConfig db, String poolName, MeterRegistry registry) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(poolName);
    hikari.setJdbcUrl(db.url());
    hikari.setUsername(db.user());
    hikari.setPassword(db.password());
    hikari.setMaximumPoolSize(db.maxPoolSize());
    // Fail fast at start when the database is not there, rather than on the first request.
    hikari.setInitializationFailTimeout(10_000);
    hikari.setConnectionTimeout(5_000);
    hikari.setMetricRegistry(registry);
    return new HikariDataSource(hikari);
  }

  /** Whether the database answers a validity check within a second (for {@code /health}). */
  public static boolean answers(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(1);
    } catch (SQLException e) {
      LOG.debug("DataSources - health: database does not answer", e);
      return false;
    }
  }
}
