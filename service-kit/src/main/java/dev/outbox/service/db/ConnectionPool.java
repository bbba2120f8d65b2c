package dev.outbox.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outbox.config.Database;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;

/**
 * The connection pool of a service (HikariCP, which stays an implementation detail: the service
 * sees a {@link DataSource}). Closing it closes every connection.
 */
public final class ConnectionPool implements AutoCloseable {

  /**
   * How long a request waits for a connection before it is answered 503: long enough for a busy
   * pool, short enough that a client learns soon that the database is away.
   */
  static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

  private final HikariDataSource pool;
  private final DataSource failFast;

  private ConnectionPool(HikariDataSource pool, DatabaseOutages outages) {
    this.pool = pool;
    this.failFast = new FailFastDataSource(pool, outages);
  }

  /**
   * A pool named {@code poolName} for {@code db} with {@code size} connections, its meters in
   * {@code registry}; while {@code outages} knows the database to be away, connections are refused
   * at once.
   *
   * @throws RuntimeException when the database does not answer within 10 seconds
   */
  public static ConnectionPool open(
      Database db, int size, String poolName, MeterRegistry registry, DatabaseOutages outages) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(poolName);
    hikari.setJdbcUrl(db.url().url());
    hikari.setUsername(db.user());
    hikari.setPassword(db.password());
    hikari.setMaximumPoolSize(size);
    // Fail fast at start when the database is not there, rather than on the first request.
    hikari.setInitializationFailTimeout(10_000);
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    hikari.setMetricRegistry(registry);
    return new ConnectionPool(new HikariDataSource(hikari), outages);
  }

  /** The pool as the service uses it. */
  public DataSource dataSource() {
    return failFast;
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "ConnectionPool[" + pool.getPoolName() + "]";
  }
}
