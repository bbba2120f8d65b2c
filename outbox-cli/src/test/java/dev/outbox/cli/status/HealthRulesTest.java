package dev.outbox.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.cli.health.HealthDocument;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

  private final HealthRules rules = new HealthRules(1024, Duration.ofSeconds(30));
  private final DatabaseStatus.Outbox outbox = new DatabaseStatus.Outbox(10, 1, 5, Instant.now());

  private static DatabaseStatus.Relay relay(boolean active, long lagBytes, Duration lagTime) {
    return new DatabaseStatus.Relay(
        "customers_outbox", active, lagBytes, 4096, lagTime, Instant.now(), "0/16B3748", null);
  }

  private DatabaseStatus db(List<DatabaseStatus.Relay> relays, List<DatabaseStatus.Parked> parked) {
    return new DatabaseStatus("customers", relays, outbox, List.of(), parked);
  }

  @Test
  void an_active_relay_within_thresholds_and_nothing_parked_is_healthy() {
    assertThat(rules.problems(db(List.of(relay(true, 100, null)), List.of()))).isEmpty();
  }

  @Test
  void a_missing_slot_is_a_problem() {
    assertThat(rules.problems(db(List.of(), List.of())))
        .containsExactly(
            "customers: no relay slot (the relay never started, or its slot was dropped)");
  }

  @Test
  void an_inactive_slot_and_lag_over_the_thresholds_are_problems() {
    assertThat(rules.problems(db(List.of(relay(false, 4096, Duration.ofMinutes(5))), List.of())))
        .containsExactly(
            "customers: relay slot customers_outbox is inactive (no relay streams it)",
            "customers: relay slot customers_outbox lags 4.0 KiB (threshold 1.0 KiB)",
            "customers: the oldest unrelayed event waits 5 min (threshold 30.0 s)");
  }

  @Test
  void parked_events_are_a_problem_but_blocked_ones_are_not_counted_twice() {
    var parked =
        new DatabaseStatus.Parked(
            7, "c", "PARKED", "order", "o1", 1L, "OrderPlaced", 5, "boom", null, Instant.now());
    var blocked =
        new DatabaseStatus.Parked(
            8, "c", "BLOCKED", "order", "o1", 2L, "OrderPlaced", 0, null, 7L, Instant.now());
    assertThat(rules.problems(db(List.of(relay(true, 0, null)), List.of(parked, blocked))))
        .containsExactly("customers: 1 parked event(s); see 'bin/outbox dlq list'");
  }

  @Test
  void a_process_that_is_down_degraded_or_silent_is_a_problem_and_one_that_is_up_is_not() {
    URI url = URI.create("http://127.0.0.1:8082/health");
    List<ProcessHealth> processes =
        List.of(
            HealthDocument.parse("customer-app", url, 200, "{\"status\":\"UP\"}"),
            HealthDocument.parse(
                "order-app",
                url,
                200,
                "{\"status\":\"DEGRADED\",\"checks\":{\"consumer\":{\"status\":"
                    + "\"DISCONNECTED\",\"reason\":\"no broker\"}}}"),
            HealthDocument.parse(
                "orders-relay", url, 503, "{\"status\":\"DOWN\",\"reason\":\"slot dropped\"}"),
            ProcessHealth.unreachable("customers-relay", url, "connection refused"));
    assertThat(rules.problems(processes))
        .containsExactly(
            "order-app reports DEGRADED: consumer DISCONNECTED (no broker)",
            "orders-relay reports DOWN: slot dropped",
            "customers-relay: no answer from " + url + " (connection refused); is it running?");
  }

  private static final String STANDBY =
      "{\"status\":\"DOWN\",\"role\":\"standby\",\"streaming\":false,\"kafka\":true,\"ready\":true,"
          + "\"reason\":\"standby: another relay holds the lock for this slot\"}";
  private static final String ACTIVE =
      "{\"status\":\"UP\",\"role\":\"active\",\"streaming\":true,\"kafka\":true}";

  private static ProcessStatus relay(String name, String database, int http, String body) {
    URI url = URI.create("http://127.0.0.1:8091");
    return new ProcessStatus(
        RunProcess.relay(name, database, null, url, null),
        HealthDocument.parse(name, url.resolve("/health"), http, body));
  }

  @Test
  void a_ready_standby_is_healthy_but_one_that_cannot_reach_its_database_is_not() {
    URI url = URI.create("http://127.0.0.1:8191/health");
    ProcessHealth ready = HealthDocument.parse("customers-relay-standby", url, 503, STANDBY);
    ProcessHealth cut =
        HealthDocument.parse(
            "orders-relay-standby",
            url,
            503,
            "{\"status\":\"DOWN\",\"role\":\"standby\",\"streaming\":false,\"kafka\":true,\"ready\":false,"
                + "\"reason\":\"database unreachable: Connection refused\"}");
    assertThat(rules.problems(List.of(ready, cut)))
        .containsExactly(
            "orders-relay-standby reports DOWN: database unreachable: Connection refused");
  }

  @Test
  void one_active_relay_per_database_is_healthy_none_or_two_are_problems() {
    assertThat(
            rules.relayRoles(
                List.of(
                    relay("customers-relay", "customers", 200, ACTIVE),
                    relay("customers-relay-standby", "customers", 503, STANDBY),
                    relay("orders-relay", "orders", 200, ACTIVE))))
        .isEmpty();
    assertThat(
            rules.relayRoles(
                List.of(
                    relay("customers-relay", "customers", 503, STANDBY),
                    new ProcessStatus(
                        RunProcess.relay(
                            "customers-relay-standby",
                            "customers",
                            "standby",
                            URI.create("http://127.0.0.1:8191"),
                            null),
                        ProcessHealth.unreachable(
                            "customers-relay-standby",
                            URI.create("http://127.0.0.1:8191/health"),
                            "connection refused")),
                    relay("orders-relay", "orders", 200, ACTIVE),
                    relay("orders-relay-standby", "orders", 200, ACTIVE))))
        .containsExactly(
            "customers: no relay is active (customers-relay standby, customers-relay-standby"
                + " UNREACHABLE); nothing streams its outbox",
            "orders: 2 relays report active (orders-relay, orders-relay-standby); one relay per"
                + " database streams it: do they use different slots (RELAY_SLOT)?");
  }

  @Test
  void relays_that_report_no_role_are_left_to_the_process_rule() {
    assertThat(
            rules.relayRoles(
                List.of(
                    relay(
                        "orders-relay",
                        "orders",
                        503,
                        "{\"status\":\"DOWN\",\"reason\":\"slot dropped\"}"))))
        .isEmpty();
  }
}
