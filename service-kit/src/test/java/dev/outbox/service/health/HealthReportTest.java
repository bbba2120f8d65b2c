package dev.outbox.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {

  private static final Instant SINCE = Instant.parse("2026-11-26T14:17:05Z");

  @Test
  void every_check_up_is_up_with_200() {
    HealthReport report =
        HealthReport.of(
            Map.of(
                "database",
                HealthCheck.Result::up,
                "consumer",
                () -> HealthCheck.Result.up(Map.of("name", "c"))));

    assertThat(report.status()).isEqualTo(HealthReport.Status.UP);
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.toJson())
        .isEqualTo(
            Map.of(
                "status",
                "UP",
                "checks",
                Map.of(
                    "consumer", Map.of("status", "UP", "name", "c"),
                    "database", Map.of("status", "UP"))));
  }

  @Test
  void a_part_the_service_cannot_serve_without_makes_it_down_with_503_and_says_why() {
    HealthReport report =
        HealthReport.of(
            Map.of(
                "database", () -> HealthCheck.Result.down(SINCE, "connection refused"),
                "consumer", () -> HealthCheck.Result.degraded(SINCE, "Kafka is away")));

    assertThat(report.status()).isEqualTo(HealthReport.Status.DOWN);
    assertThat(report.httpStatus()).isEqualTo(503);
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("status", "DOWN");
    database.put("since", "2026-11-26T14:17:05Z");
    database.put("reason", "connection refused");
    assertThat(report.toJson().get("checks"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("database", database);
  }

  @Test
  void a_dependency_away_while_the_service_serves_is_degraded_with_200() {
    HealthReport report =
        HealthReport.of(
            Map.of(
                "database",
                HealthCheck.Result::up,
                "consumer",
                () -> HealthCheck.Result.degraded(SINCE, "Kafka is away")));

    assertThat(report.status()).isEqualTo(HealthReport.Status.DEGRADED);
    assertThat(report.httpStatus()).isEqualTo(200);
  }

  @Test
  void a_check_that_throws_is_down() {
    HealthReport report =
        HealthReport.of(
            Map.of(
                "broken",
                () -> {
                  throw new IllegalStateException("boom");
                }));

    assertThat(report.status()).isEqualTo(HealthReport.Status.DOWN);
    assertThat(report.results().get("broken").reason())
        .hasValueSatisfying(reason -> assertThat(reason).contains("boom"));
  }

  @Test
  void down_since_stays_the_first_time_it_was_seen_down_until_it_is_up_again() {
    Instant[] now = {SINCE};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    DownSince down = new DownSince(clock);

    assertThat(down.down()).isEqualTo(SINCE);
    now[0] = SINCE.plusSeconds(10);
    assertThat(down.down()).isEqualTo(SINCE);
    down.up();
    assertThat(down.down()).isEqualTo(SINCE.plusSeconds(10));
  }
}
