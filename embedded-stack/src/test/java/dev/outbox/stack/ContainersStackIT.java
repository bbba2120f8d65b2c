package dev.outbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs only where a Docker engine answers; skipped elsewhere (there is none on our CI machine). */
class ContainersStackIT {

  @Test
  void containers_stack_runs_logical_postgres_and_kafka() throws Exception {
    assumeTrue(ContainersStack.dockerAvailable(), "no Docker engine here");
    try (OutboxStack stack =
        Stacks.start(StackOptions.forTests(Map.of("OUTBOX_STACK", "containers")))) {
      assertThat(stack.mode()).isEqualTo(StackMode.CONTAINERS);
      try (Connection c =
              DriverManager.getConnection(
                  stack.postgres().jdbcUrl("customers"),
                  stack.postgres().admin().user(),
                  stack.postgres().admin().password());
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SHOW wal_level")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("logical");
      }
      assertThat(stack.kafkaBootstrapServers()).isNotBlank();
    }
  }
}
