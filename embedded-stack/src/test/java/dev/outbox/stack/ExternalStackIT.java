package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.reference.db.ServiceDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The external stack, pointed at servers that some other party runs (here: the shared stack). */
@ExtendWith(OutboxStackExtension.class)
class ExternalStackIT {

  private static Map<String, String> externalEnv(
      String dbUrl, String user, String password, String kafka) {
    return Map.of(
        "OUTBOX_STACK", "external",
        "OUTBOX_STACK_DB_URL", dbUrl,
        "OUTBOX_STACK_DB_USER", user,
        "OUTBOX_STACK_DB_PASSWORD", password,
        "OUTBOX_STACK_KAFKA_BOOTSTRAP", kafka);
  }

  @Test
  void external_stack_uses_the_given_servers_and_leaves_them_running(OutboxStack running)
      throws SQLException {
    Map<String, String> env =
        externalEnv(
            running.postgres().jdbcUrl("postgres"),
            running.postgres().admin().user(),
            running.postgres().admin().password(),
            running.kafkaBootstrapServers());

    try (OutboxStack external = Stacks.start(StackOptions.forTests(env))) {
      assertThat(external.mode()).isEqualTo(StackMode.EXTERNAL);
      assertThat(external.postgres().port()).isEqualTo(running.postgres().port());
      assertThat(external.kafkaBootstrapServers()).isEqualTo(running.kafkaBootstrapServers());
      assertThat(external.postgresControl()).isEmpty();
      assertThat(countOutboxTables(external)).isEqualTo(1);
    }

    // Closing the external stack stopped nothing.
    assertThat(countOutboxTables(running)).isEqualTo(1);
  }

  @Test
  void external_server_without_logical_decoding_is_refused_with_the_fix(@TempDir Path dir)
      throws Exception {
    EmbeddedPostgresServer replicaLevel =
        new EmbeddedPostgresServer(
            Files.createDirectories(dir.resolve("pg")),
            Ports.free(),
            Durability.FAST,
            Map.of("wal_level", "replica"));
    replicaLevel.start();
    try {
      Map<String, String> env =
          externalEnv(
              "jdbc:postgresql://127.0.0.1:" + replicaLevel.port() + "/postgres",
              "postgres",
              "postgres",
              "127.0.0.1:9");
      assertThatThrownBy(() -> Stacks.start(StackOptions.forTests(env)))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("wal_level=replica")
          .hasMessageContaining("wal_level=logical")
          .hasMessageContaining("OUTBOX_STACK=embedded");
    } finally {
      replicaLevel.stop();
    }
  }

  private static int countOutboxTables(OutboxStack stack) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                stack.jdbcUrl(ServiceDatabase.ORDERS),
                stack.postgres().admin().user(),
                stack.postgres().admin().password());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'outbox'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
