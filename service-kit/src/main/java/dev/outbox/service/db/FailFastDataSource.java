package dev.outbox.service.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The service's pool as its code sees it: while {@link DatabaseOutages} knows the database to be
 * away, a connection is refused at once (a transient failure, so the API answers 503 and the
 * consumer retries) instead of after the pool's whole connection timeout; one caller a second is
 * let through to try. Whether a connection could be had tells the outages in turn.
 */
final class FailFastDataSource implements DataSource {

  private final DataSource pool;
  private final DatabaseOutages outages;

  FailFastDataSource(DataSource pool, DatabaseOutages outages) {
    this.pool = pool;
    this.outages = outages;
  }

  @Override
  public Connection getConnection() throws SQLException {
    refuseWhileAway();
    try {
      Connection connection = pool.getConnection();
      outages.back();
      return connection;
    } catch (SQLException e) {
      outages.reasonFor(e); // marks the outage when it is one (not when the pool is only busy)
      throw e;
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool logs in as its configured role");
  }

  private void refuseWhileAway() throws SQLException {
    Optional<String> refusal = outages.refusal();
    if (refusal.isPresent()) {
      String since = outages.awaySince().map(Object::toString).orElse("just now");
      throw new SQLTransientConnectionException(
          refusal.get(), "08006", new SQLException("the database is away since " + since, "08006"));
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool.isWrapperFor(type);
  }
}
