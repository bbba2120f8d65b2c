package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void database_and_broker_unavailability_is_transient() {
    assertThat(
            Failures.isTransient(
                new DataAccessException(
                    "Error getting connection from data source",
                    new SQLTransientConnectionException("pool timed out"))))
        .isTrue();
    assertThat(
            Failures.isTransient(
                new DataAccessException(
                    "x", new SQLException("Connection refused", "08001", new ConnectException()))))
        .isTrue();
    assertThat(Failures.isTransient(new DataAccessException("x", new SQLException("dl", "40P01"))))
        .isTrue();
    assertThat(Failures.isTransient(new DataAccessException("x", new SQLException("bye", "57P01"))))
        .isTrue();
    assertThat(Failures.isTransient(new TimeoutException("broker away"))).isTrue();
    assertThat(Failures.isTransient(new RetriableEventException("later"))).isTrue();
  }

  @Test
  void bad_data_and_handler_bugs_are_permanent() {
    assertThat(Failures.isTransient(new PermanentEventException("bad json"))).isFalse();
    assertThat(Failures.isTransient(new DataAccessException("x", new SQLException("dup", "23505"))))
        .isFalse();
    assertThat(Failures.isTransient(new NullPointerException())).isFalse();
  }

  @Test
  void the_outermost_explicit_type_decides() {
    assertThat(
            Failures.isTransient(
                new PermanentEventException("given up", new SQLTransientConnectionException())))
        .isFalse();
    assertThat(
            Failures.isTransient(
                new RetriableEventException("try later", new IllegalStateException())))
        .isTrue();
  }
}
