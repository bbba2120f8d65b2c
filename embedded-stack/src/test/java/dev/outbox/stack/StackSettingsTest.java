package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.config.SettingsDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSettingsTest {

  private static final Map<String, String> EXTERNAL =
      Map.of(
          "OUTBOX_STACK", "external",
          "OUTBOX_STACK_DB_URL", "jdbc:postgresql://db.internal:6543/postgres?sslmode=require",
          "OUTBOX_STACK_DB_USER", "admin",
          "OUTBOX_STACK_DB_PASSWORD", "s3cret",
          "OUTBOX_STACK_KAFKA_BOOTSTRAP", "kafka:9092");

  @Test
  void absent_means_embedded_and_modes_are_read_case_insensitively() {
    assertThat(StackOptions.forTests(Map.of()).mode()).isEqualTo(StackMode.EMBEDDED);
    assertThat(StackOptions.forTests(Map.of("OUTBOX_STACK", " ")).mode())
        .isEqualTo(StackMode.EMBEDDED);
    assertThat(StackOptions.forTests(Map.of("OUTBOX_STACK", "Containers")).mode())
        .isEqualTo(StackMode.CONTAINERS);
  }

  @Test
  void an_unknown_stack_names_the_variable_and_the_choices() {
    assertThatThrownBy(() -> StackOptions.forTests(Map.of("OUTBOX_STACK", "docker")))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_STACK must be one of embedded, external, containers")
        .hasMessageContaining("was 'docker'");
  }

  @Test
  void external_servers_are_read_from_the_stack_variables() {
    ExternalServers servers = StackOptions.forTests(EXTERNAL).external();
    assertThat(servers.url().host()).isEqualTo("db.internal");
    assertThat(servers.url().port()).isEqualTo(6543);
    assertThat(servers.user()).isEqualTo("admin");
    assertThat(servers.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(servers.toString()).doesNotContain("s3cret").contains("<masked>");
  }

  @Test
  void external_without_its_servers_names_every_missing_variable_at_once() {
    assertThatThrownBy(() -> StackOptions.forTests(Map.of("OUTBOX_STACK", "external")))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_STACK=external needs OUTBOX_STACK_DB_URL")
        .hasMessageContaining("OUTBOX_STACK=external needs OUTBOX_STACK_DB_USER")
        .hasMessageContaining("OUTBOX_STACK=external needs OUTBOX_STACK_DB_PASSWORD")
        .hasMessageContaining("OUTBOX_STACK=external needs OUTBOX_STACK_KAFKA_BOOTSTRAP")
        .hasMessageContaining("OUTBOX_STACK=embedded, which needs nothing");
  }

  @Test
  void a_misspelt_stack_variable_is_refused_with_the_nearest_name() {
    Map<String, String> env = new java.util.HashMap<>(EXTERNAL);
    env.put("OUTBOX_STACK_DB_PASWORD", "x");
    assertThatThrownBy(() -> StackOptions.forTests(env))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_STACK_DB_PASWORD is not a setting of embedded-stack")
        .hasMessageContaining("did you mean OUTBOX_STACK_DB_PASSWORD?");
  }

  @Test
  void external_servers_given_to_another_stack_are_refused() {
    assertThatThrownBy(
            () -> StackOptions.forTests(Map.of("OUTBOX_STACK_DB_URL", "jdbc:postgresql://h/db")))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("read only with OUTBOX_STACK=external");
  }

  @Test
  void a_database_url_that_is_not_postgres_is_refused_by_name() {
    Map<String, String> env = new java.util.HashMap<>(EXTERNAL);
    env.put("OUTBOX_STACK_DB_URL", "jdbc:mysql://db:3306/x");
    assertThatThrownBy(() -> StackOptions.forTests(env))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("OUTBOX_STACK_DB_URL must be a URL jdbc:postgresql://");
  }

  @Test
  void tests_run_fast_and_the_local_run_durable(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertThat(StackOptions.forTests(Map.of()).durability()).isEqualTo(Durability.FAST);
    assertThat(StackOptions.forLocalRun(dir, Map.of()).durability()).isEqualTo(Durability.DURABLE);
    assertThat(Durability.DURABLE.serverSettings())
        .containsEntry("fsync", "on")
        .containsEntry("full_page_writes", "on")
        .containsEntry("synchronous_commit", "on");
    assertThat(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE).durability())
        .isEqualTo(Durability.DURABLE);
  }

  @Test
  void the_readme_table_is_the_declaration() throws IOException {
    Path readme = Path.of("..", "README.md");
    assertThat(SettingsDoc.check(readme, StackSettings.GROUP))
        .as(
            "README.md, between the settings:embedded-stack markers, should be:%n%s",
            SettingsDoc.table(StackSettings.GROUP))
        .isEmpty();
  }
}
