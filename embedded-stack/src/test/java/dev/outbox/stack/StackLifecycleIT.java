package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.reference.db.ServiceDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping stacks of their own, apart from the shared one. */
class StackLifecycleIT {

  @Test
  void after_stop_no_postgres_process_of_the_stack_is_left() {
    long pid;
    Path data;
    try (OutboxStack stack =
        Stacks.startEmbeddedPostgres(ServiceDatabase.CUSTOMERS.databaseName())) {
      EmbeddedStack embedded = (EmbeddedStack) stack;
      pid = embedded.postgresPid().orElseThrow();
      data = embedded.dataDirectory();
      assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
      assertThat(Files.exists(data)).isTrue();
    }
    // pg_ctl returns once the pid file is gone; the postmaster itself exits a moment later.
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    assertThat(Files.exists(data)).as("temporary data folder removed").isFalse();
  }

  @Test
  void a_taken_port_is_reported_with_the_alternatives(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      StackOptions options =
          StackOptions.embedded(dir, Durability.FAST).withPostgresPort(taken.getLocalPort());
      assertThatThrownBy(() -> Stacks.start(options))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("port 127.0.0.1:" + taken.getLocalPort() + " is already in use")
          .hasMessageContaining("OUTBOX_STACK=external");
    }
  }

  @Test
  void a_persistent_data_folder_keeps_its_data_across_restarts(@TempDir Path dir) throws Exception {
    EmbeddedPostgresServer first =
        new EmbeddedPostgresServer(dir.resolve("pg"), Ports.free(), Durability.FAST);
    first.start();
    try (var c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + first.port() + "/postgres",
                "postgres",
                "postgres");
        var st = c.createStatement()) {
      st.execute("CREATE TABLE kept (n int)");
      st.execute("INSERT INTO kept VALUES (7)");
    }
    first.stop();

    EmbeddedPostgresServer second =
        new EmbeddedPostgresServer(dir.resolve("pg"), first.port(), Durability.FAST);
    second.start();
    try (var c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + second.port() + "/postgres",
                "postgres",
                "postgres");
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT n FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(7);
    } finally {
      second.stop();
    }
  }
}
