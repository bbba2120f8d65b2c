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
  void a_standby_says_it_is_ready_only_while_its_database_and_kafka_answer() {
    RelayHealth health = new RelayHealth();
    health.role(Role.STANDBY);
    health.kafkaReachable();
    assertThat(health.report().standbyReady()).isTrue();
    assertThat(health.report().toJson()).contains("\"role\":\"standby\"", "\"ready\":true");

    health.kafkaUnreachable("no broker");
    assertThat(health.report().standbyReady()).isFalse();
    assertThat(health.report().toJson()).contains("\"ready\":false");
  }

  @Test
  void reasons_are_escaped_as_json() {
    HealthReport report =
        new HealthReport(false, Role.ACTIVE, false, false, "a \"quoted\"\nreason\\", false);
    assertThat(report.toJson()).contains("\"reason\":\"a \\\"quoted\\\"\\nreason\\\\\"");
  }
}
