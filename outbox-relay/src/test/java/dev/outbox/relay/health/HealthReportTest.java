package dev.outbox.relay.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthReportTest {

  @Test
  void a_fresh_relay_is_a_standby_and_not_healthy() {
    HealthReport report = new RelayHealth().report();
    assertThat(report.healthy()).isFalse();
    assertThat(report.toJson()).contains("\"status\":\"DOWN\"", "\"role\":\"standby\"");
  }

  @Test
  void healthy_only_when_active_polling_slot_read_and_kafka_reachable() {
    RelayHealth health = new RelayHealth();
    health.role(Role.ACTIVE);
    health.polling(true);
    health.slotActive(true);
    assertThat(health.report().healthy()).isFalse();
    assertThat(health.report().reason()).startsWith("Kafka unreachable");

    health.kafkaReachable();
    assertThat(health.report().healthy()).isTrue();
    assertThat(health.report().toJson())
        .isEqualTo("{\"status\":\"UP\",\"role\":\"active\",\"streaming\":true,\"kafka\":true}");

    health.slotActive(false);
    assertThat(health.report().healthy()).isFalse();
  }

  @Test
  void reasons_are_escaped_as_json() {
    HealthReport report =
        new HealthReport(false, Role.ACTIVE, false, false, "a \"quoted\"\nreason\\");
    assertThat(report.toJson()).contains("\"reason\":\"a \\\"quoted\\\"\\nreason\\\\\"");
  }
}
