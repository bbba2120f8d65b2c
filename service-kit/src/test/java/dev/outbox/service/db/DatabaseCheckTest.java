package dev.outbox.service.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.config.Database;
import dev.outbox.config.JdbcUrl;
import dev.outbox.service.health.HealthCheck;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The check against a port nothing listens on; the apps' ITs run it against a real server. */
class DatabaseCheckTest {

  @Test
  void a_database_that_cannot_be_reached_is_down_since_the_first_check_with_the_drivers_reason()
      throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Instant now = Instant.parse("2026-11-26T14:17:05Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    DatabaseOutages outages = new DatabaseOutages("test", clock);
    DatabaseCheck check =
        new DatabaseCheck(
            new Database(JdbcUrl.of("127.0.0.1", closed, "nowhere"), "nobody", "secret-pw"),
            "test-health",
            outages,
            clock);

    HealthCheck.Result result = check.check();

    assertThat(result.status()).isEqualTo(HealthCheck.Status.DOWN);
    assertThat(result.stillServing()).isFalse();
    assertThat(result.since()).hasValue(now);
    assertThat(result.reason())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("refused")
                    .contains("SQLSTATE 08001")
                    .doesNotContain("secret-pw"));
    assertThat(outages.awaySince()).as("the API answers 503 at once from now on").hasValue(now);
  }
}
