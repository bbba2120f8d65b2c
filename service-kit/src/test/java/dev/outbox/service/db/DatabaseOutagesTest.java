package dev.outbox.service.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatabaseOutagesTest {

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T14:17:05Z"));
  private final DatabaseOutages outages = new DatabaseOutages("some-app", clock);

  @Test
  void while_the_database_is_away_requests_are_refused_at_once_but_one_a_second_tries_it() {
    assertThat(outages.refusal()).as("no outage known: every request tries").isEmpty();

    outages.reasonFor(new SQLException("Connection refused", "08001"));

    assertThat(outages.awaySince()).hasValue(clock.instant());
    assertThat(outages.refusal())
        .as("within the second, requests are answered at once")
        .hasValue("some-app's database is unavailable; try again shortly");
    clock.advance(Duration.ofMillis(999));
    assertThat(outages.refusal()).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(outages.refusal()).as("a second later one tries again").isEmpty();
    assertThat(outages.refusal()).isPresent();

    outages.back();

    assertThat(outages.awaySince()).isEmpty();
    assertThat(outages.refusal()).isEmpty();
    assertThat(outages.refusal()).isEmpty();
  }

  @Test
  void a_busy_pool_is_no_outage_and_refuses_nothing() {
    outages.reasonFor(new RuntimeException(new SQLTransientConnectionException("timed out")));

    assertThat(outages.awaySince()).isEmpty();
    assertThat(outages.refusal()).isEmpty();
  }

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
