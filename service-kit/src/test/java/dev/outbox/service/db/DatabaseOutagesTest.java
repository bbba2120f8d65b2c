package dev.outbox.service.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseOutagesTest {

  private final DatabaseOutages outages = new DatabaseOutages("some-app");

  @Test
  void a_pool_timeout_caused_by_a_connection_error_is_the_database_away() {
    RuntimeException failure =
        new RuntimeException(
            "jOOQ",
            new SQLTransientConnectionException(
                "some-app-db - Connection is not available",
                new SQLException("Connection refused", "08001")));

    assertThat(outages.reasonFor(failure))
        .hasValue("some-app's database is unavailable; try again shortly");
  }

  @Test
  void a_pool_timeout_without_a_connection_error_is_a_busy_pool() {
    RuntimeException failure =
        new RuntimeException("jOOQ", new SQLTransientConnectionException("request timed out"));

    assertThat(outages.reasonFor(failure))
        .hasValue("every connection to some-app's database is busy; try again shortly");
  }

  @Test
  void transient_sql_states_are_outages_and_everything_else_is_a_bug() {
    assertThat(outages.reasonFor(new SQLException("terminating", "57P01"))).isPresent();
    assertThat(outages.reasonFor(new RuntimeException(new ConnectException("refused"))))
        .isPresent();
    assertThat(outages.reasonFor(new SQLException("duplicate key", "23505"))).isEmpty();
    assertThat(outages.reasonFor(new IllegalStateException("a bug"))).isEmpty();
    assertThat(outages.reasonFor(new NullPointerException())).isEmpty();
  }
}
