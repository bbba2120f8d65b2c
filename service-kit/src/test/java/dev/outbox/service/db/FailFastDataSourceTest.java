package dev.outbox.service.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.client.consume.Failures;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class FailFastDataSourceTest {

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T14:17:05Z"));
  private final DatabaseOutages outages = new DatabaseOutages("some-app", clock);
  private final FakePool pool = new FakePool();
  private final DataSource dataSource = new FailFastDataSource(pool, outages);

  @Test
  void once_the_database_is_away_callers_fail_at_once_and_one_a_second_tries_the_pool()
      throws SQLException {
    pool.away = true;
    assertThatThrownBy(dataSource::getConnection).hasMessageContaining("is not available");
    assertThat(pool.asked).isEqualTo(1);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(dataSource::getConnection)
          .isInstanceOf(SQLTransientConnectionException.class)
          .hasMessage("some-app's database is unavailable; try again shortly")
          .satisfies(e -> assertThat(Failures.isTransient(e)).as("retried, answered 503").isTrue())
          .satisfies(e -> assertThat(outages.reasonFor(e)).isPresent());
    }
    assertThat(pool.asked).as("nobody waited on the pool").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    pool.away = false;
    assertThat(dataSource.getConnection()).isNotNull();
    assertThat(pool.asked).as("the trial a second later reached the pool").isEqualTo(2);
    assertThat(outages.awaySince()).isEmpty();
    dataSource.getConnection();
    assertThat(pool.asked).isEqualTo(3);
  }

  @Test
  void a_busy_pool_makes_nobody_fail_fast() {
    pool.busy = true;
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(dataSource::getConnection).hasMessageContaining("request timed out");
    }
    assertThat(pool.asked).isEqualTo(3);
    assertThat(outages.awaySince()).isEmpty();
  }

  /** A pool that answers as HikariCP does: a timeout, with the connection error as its cause. */
  private static final class FakePool implements DataSource {
    boolean away;
    boolean busy;
    int asked;

    @Override
    public Connection getConnection() throws SQLException {
      asked++;
      if (away) {
        throw new SQLTransientConnectionException(
            "some-app-db - Connection is not available",
            new SQLException("Connection refused", "08001"));
      }
      if (busy) {
        throw new SQLTransientConnectionException("some-app-db - request timed out");
      }
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);
    }

    @Override
    public Connection getConnection(String user, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
