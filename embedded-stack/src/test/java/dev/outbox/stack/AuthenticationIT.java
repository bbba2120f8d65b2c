package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every embedded server asks each role for its password (SCRAM), old data folders included. */
class AuthenticationIT {

  private static Connection connect(int port, String user, String password) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", user, password);
  }

  @Test
  void a_new_server_refuses_a_wrong_superuser_password(@TempDir Path dir) throws Exception {
    EmbeddedPostgresServer server =
        new EmbeddedPostgresServer(dir.resolve("pg"), Ports.free(), Durability.FAST);
    server.start();
    try {
      assertThatThrownBy(() -> connect(server.port(), "postgres", "wrong").close())
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo(ServerAuthentication.INVALID_PASSWORD);
      try (Connection c = connect(server.port(), "postgres", "postgres");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SHOW password_encryption")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("scram-sha-256");
      }
      assertThat(Files.readString(dir.resolve("pg/pg_hba.conf"))).doesNotContain("trust");
      assertThat(dir.resolve("pg.pwfile")).as("the password file is gone").doesNotExist();
    } finally {
      server.stop();
    }
  }

  @Test
  void a_folder_made_with_trust_is_upgraded_in_place_and_keeps_its_data(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("pg");
    int port = Ports.free();
    // What earlier versions made: zonky's defaults, trust for everyone.
    try (EmbeddedPostgres old =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(port)
            .start()) {
      try (Connection c = connect(port, "postgres", "anything at all");
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE kept (n int)");
        st.execute("INSERT INTO kept VALUES (7)");
      }
    }
    assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

    EmbeddedPostgresServer upgraded = new EmbeddedPostgresServer(data, port, Durability.FAST);
    upgraded.start();
    try {
      assertThatThrownBy(() -> connect(port, "postgres", "anything at all").close())
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo(ServerAuthentication.INVALID_PASSWORD);
      try (Connection c = connect(port, "postgres", "postgres");
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT n FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
    } finally {
      upgraded.stop();
    }
    assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
  }
}
