package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.reference.db.ServiceDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OutboxStackExtension.class)
class EmbeddedPostgresIT {

  private static Connection admin(OutboxStack stack, String database) throws SQLException {
    return DriverManager.getConnection(
        stack.postgres().jdbcUrl(database),
        stack.postgres().admin().user(),
        stack.postgres().admin().password());
  }

  @Test
  void server_runs_postgres_17_with_logical_decoding(OutboxStack stack) throws SQLException {
    try (Connection c = admin(stack, "postgres");
        Statement st = c.createStatement()) {
      ResultSet wal = st.executeQuery("SHOW wal_level");
      wal.next();
      assertThat(wal.getString(1)).isEqualTo("logical");
      ResultSet version = st.executeQuery("SHOW server_version_num");
      version.next();
      assertThat(version.getInt(1)).isBetween(170000, 179999);
    }
  }

  @Test
  void a_pgoutput_slot_decodes_an_outbox_insert(OutboxStack stack) throws SQLException {
    String slot = "it_pgoutput_probe";
    String aggregateId = "probe-" + UUID.randomUUID();
    try (Connection c = admin(stack, ServiceDatabase.CUSTOMERS.databaseName())) {
      try (Statement st = c.createStatement()) {
        st.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
      }
      try {
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version,"
                    + " event_type, payload, occurred_at)"
                    + " VALUES (?, 'probe', ?, 1, 'Probed', '{\"n\": 1}', now())")) {
          insert.setObject(1, UUID.randomUUID());
          insert.setString(2, aggregateId);
          insert.executeUpdate();
        }

        List<String> messages = new ArrayList<>();
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT data FROM pg_logical_slot_get_binary_changes('"
                        + slot
                        + "', NULL, NULL, 'proto_version', '1', 'publication_names',"
                        + " 'outbox_pub')")) {
          while (rs.next()) {
            messages.add(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1));
          }
        }
        // pgoutput: B(egin), R(elation) for the outbox, I(nsert) with the row, C(ommit).
        assertThat(messages).extracting(m -> m.charAt(0)).containsSubsequence('B', 'R', 'I', 'C');
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("R").contains("outbox"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("I").contains(aggregateId));
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT pg_drop_replication_slot('" + slot + "')");
          st.execute("DELETE FROM outbox WHERE aggregate_type = 'probe'");
        }
      }
    }
  }
}
