package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackModeTest {

  @Test
  void absent_or_blank_means_embedded() {
    assertThat(StackMode.parse(null)).isEqualTo(StackMode.EMBEDDED);
    assertThat(StackMode.parse("  ")).isEqualTo(StackMode.EMBEDDED);
  }

  @Test
  void modes_are_read_case_insensitively() {
    assertThat(StackMode.parse("External")).isEqualTo(StackMode.EXTERNAL);
    assertThat(StackMode.parse("containers")).isEqualTo(StackMode.CONTAINERS);
  }

  @Test
  void an_unknown_stack_names_the_variable_and_the_choices() {
    assertThatThrownBy(() -> StackOptions.forTests(Map.of("OUTBOX_STACK", "docker")))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_STACK='docker'")
        .hasMessageContaining("embedded, external or containers");
  }

  @Test
  void external_without_a_database_url_names_the_missing_variable() {
    Map<String, String> env =
        Map.of(
            "OUTBOX_STACK", "external",
            "OUTBOX_DB_USER", "postgres",
            "OUTBOX_DB_PASSWORD", "secret",
            "OUTBOX_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    assertThatThrownBy(() -> Stacks.start(StackOptions.forTests(env)))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_DB_URL is not set")
        .hasMessageContaining("OUTBOX_STACK=embedded");
  }

  @Test
  void external_without_kafka_names_the_missing_variable() {
    Map<String, String> env =
        Map.of(
            "OUTBOX_STACK", "external",
            "OUTBOX_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres",
            "OUTBOX_DB_USER", "postgres",
            "OUTBOX_DB_PASSWORD", "secret");
    assertThatThrownBy(() -> Stacks.start(StackOptions.forTests(env)))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_KAFKA_BOOTSTRAP is not set");
  }

  @Test
  void a_database_url_that_is_not_postgres_is_rejected_by_name() {
    assertThatThrownBy(
            () ->
                ExternalStack.parse(
                    "jdbc:mysql://db:3306/x", new dev.outbox.reference.db.DbLogin("u", "p")))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_DB_URL='jdbc:mysql://db:3306/x'");
  }

  @Test
  void host_and_port_are_read_from_the_database_url() {
    var server =
        ExternalStack.parse(
            "jdbc:postgresql://db.internal:6543/postgres?sslmode=require",
            new dev.outbox.reference.db.DbLogin("u", "p"));
    assertThat(server.host()).isEqualTo("db.internal");
    assertThat(server.port()).isEqualTo(6543);
    assertThat(server.jdbcUrl("orders")).isEqualTo("jdbc:postgresql://db.internal:6543/orders");
  }

  @Test
  void the_login_never_shows_its_password() {
    assertThat(new dev.outbox.reference.db.DbLogin("relay", "s3cret").toString())
        .doesNotContain("s3cret")
        .contains("<masked>");
  }
}
