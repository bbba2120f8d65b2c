package dev.outbox.cli.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthDocumentTest {

  private static final URI URL = URI.create("http://127.0.0.1:8082/health");

  @Test
  void an_app_whose_consumer_lost_kafka_is_degraded_with_since_reason_and_view_age() {
    ProcessHealth health =
        HealthDocument.parse(
            "order-app",
            URL,
            200,
            """
            {"status": "DEGRADED", "checks": {
              "database": {"status": "UP"},
              "consumer": {"status": "DISCONNECTED", "since": "2026-11-26T14:17:25Z",
                           "reason": "no broker answers", "newestEventAt": "2026-11-26T14:17:20Z",
                           "viewAgeSeconds": 12.3}}}
            """);
    assertThat(health.state()).isEqualTo(ProcessState.DEGRADED);
    assertThat(health.state().healthy()).isFalse();
    CheckHealth consumer = health.check("consumer").orElseThrow();
    assertThat(consumer.status()).isEqualTo("DISCONNECTED");
    assertThat(consumer.since()).isEqualTo(Instant.parse("2026-11-26T14:17:25Z"));
    assertThat(consumer.newestEventAt()).isEqualTo(Instant.parse("2026-11-26T14:17:20Z"));
    assertThat(consumer.viewAgeSeconds()).isEqualTo(12.3);
    assertThat(health.problem())
        .isEqualTo("consumer DISCONNECTED since 2026-11-26T14:17:25Z (no broker answers)");
  }

  @Test
  void an_app_whose_database_is_down_names_the_check() {
    ProcessHealth health =
        HealthDocument.parse(
            "customer-app",
            URL,
            503,
            "{\"status\":\"DOWN\",\"checks\":{\"database\":{\"status\":\"DOWN\","
                + "\"since\":\"2026-11-26T14:17:25Z\",\"reason\":\"Connection refused\"},"
                + "\"consumer\":\"UP\"}}");
    assertThat(health.state()).isEqualTo(ProcessState.DOWN);
    assertThat(health.problem())
        .isEqualTo("database DOWN since 2026-11-26T14:17:25Z (Connection refused)");
    assertThat(health.check("consumer").orElseThrow().up()).isTrue();
  }

  @Test
  void a_relay_gives_its_reason() {
    ProcessHealth health =
        HealthDocument.parse(
            "orders-relay",
            URL,
            503,
            "{\"status\":\"DOWN\",\"role\":\"active\",\"streaming\":false,\"kafka\":true,"
                + "\"reason\":\"not streaming: the slot is not read by this relay\"}");
    assertThat(health.state()).isEqualTo(ProcessState.DOWN);
    assertThat(health.problem()).isEqualTo("not streaming: the slot is not read by this relay");
    assertThat(health.body().get("role").asText()).isEqualTo("active");
  }

  @Test
  void an_answer_without_a_document_counts_by_its_http_status() {
    assertThat(HealthDocument.parse("x", URL, 200, "").state()).isEqualTo(ProcessState.UP);
    ProcessHealth broken = HealthDocument.parse("x", URL, 500, "<html>oops</html>");
    assertThat(broken.state()).isEqualTo(ProcessState.DOWN);
    assertThat(broken.problem()).isEqualTo("HTTP 500 without a health document");
    assertThat(HealthDocument.parse("x", URL, 200, "{\"status\":\"SIDEWAYS\"}").problem())
        .isEqualTo("unknown status 'SIDEWAYS'");
  }

  @Test
  void an_apps_partitions_are_read_from_its_consumer_check_and_may_be_absent() {
    ProcessHealth health =
        HealthDocument.parse(
            "order-app",
            URL,
            200,
            """
            {"status": "UP", "checks": {"consumer": {"status": "UP",
              "partitions": ["customer.events-0", "outbox.backfill.events-2", "my-topic-11"],
              "assignedAt": "2026-12-02T14:00:00Z"}}}
            """);
    ConsumerAssignment assignment = ConsumerAssignment.of(health).orElseThrow();
    assertThat(assignment.assignedAt()).isEqualTo(Instant.parse("2026-12-02T14:00:00Z"));
    assertThat(assignment.of("customer.events")).containsExactly("customer.events-0");
    assertThat(assignment.of("my-topic")).containsExactly("my-topic-11");
    assertThat(
            ConsumerAssignment.of(
                HealthDocument.parse(
                    "order-app", URL, 200, "{\"status\":\"UP\",\"checks\":{\"consumer\":\"UP\"}}")))
        .isEmpty();
    assertThat(health.role()).isEmpty();
  }

  @Test
  void a_standby_relay_is_ready_only_without_a_problem_of_its_own() {
    ProcessHealth standby =
        HealthDocument.parse(
            "orders-relay",
            URL,
            503,
            "{\"status\":\"DOWN\",\"role\":\"standby\",\"streaming\":false,\"kafka\":true,\"ready\":true,"
                + "\"reason\":\"standby: another relay holds the lock for this slot\"}");
    assertThat(standby.role()).contains("standby");
    assertThat(standby.standbyReady()).isTrue();
    assertThat(
            HealthDocument.parse(
                    "orders-relay",
                    URL,
                    503,
                    "{\"status\":\"DOWN\",\"role\":\"standby\",\"kafka\":false,\"ready\":false,"
                        + "\"reason\":\"standby: another relay holds the lock for this slot\"}")
                .standbyReady())
        .isFalse();
    assertThat(
            HealthDocument.parse(
                    "orders-relay",
                    URL,
                    503,
                    "{\"status\":\"DOWN\",\"role\":\"active\",\"reason\":\"not streaming\"}")
                .standbyReady())
        .isFalse();
  }
}
