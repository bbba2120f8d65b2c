package dev.outbox.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.cli.health.HealthDocument;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.status.DatabaseStatus;
import dev.outbox.cli.status.HealthRules;
import dev.outbox.cli.status.ProcessStatus;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewTest {

  private static final Instant T0 = Instant.parse("2026-12-03T07:10:00Z");
  private static final HealthRules RULES = new HealthRules(1_000_000, Duration.ofSeconds(60));
  private static final URI RELAY = URI.create("http://127.0.0.1:8091");
  private static final URI APP = URI.create("http://127.0.0.1:8082");
  private static final String CONSUMER = "order-app.customer-replica";

  @Test
  void a_streaming_relay_is_healthy_and_the_arrows_carry_rates_from_the_second_sample() {
    List<Sample> samples =
        List.of(
            sample(T0, relayUp(10), appUp(5, 0, 0)),
            sample(T0.plusSeconds(2), relayUp(30), appUp(9, 0, 0)));

    Overview overview = Overview.of(samples, RULES, true, T0.plusSeconds(2));

    assertThat(box(overview, "relay:customers").state()).isEqualTo("healthy");
    assertThat(box(overview, "relay:customers").detail()).startsWith("streaming, lag ");
    assertThat(box(overview, "database:customers").state()).isEqualTo("healthy");
    assertThat(arrow(overview, "relay:customers", "topic:customer.events").rate()).isEqualTo(10.0);
    assertThat(arrow(overview, "topic:customer.events", "consumer:" + CONSUMER).rate())
        .isEqualTo(2.0);
    assertThat(Overview.of(samples.subList(0, 1), RULES, true, T0).flow().arrows())
        .allMatch(a -> a.rate() == null);
    assertThat(overview.charts())
        .extracting(Overview.Chart::id)
        .containsExactly(
            "outbox-writes",
            "relay-events",
            "relay-lag-bytes",
            "relay-lag-seconds",
            "wal-held",
            "freshness",
            "applied");
  }

  @Test
  void relays_that_answer_but_none_streams_are_standby_and_one_that_does_not_answer_is_down() {
    ProcessHealth standby =
        HealthDocument.parse(
            "customers-relay",
            RELAY,
            503,
            "{\"status\":\"DOWN\",\"role\":\"standby\",\"ready\":true}");
    Overview standbys =
        Overview.of(
            List.of(sample(T0, reading(relay(), standby, ""), appUp(1, 0, 0))), RULES, true, T0);
    assertThat(box(standbys, "relay:customers").state()).isEqualTo("standby");

    ProcessHealth gone = ProcessHealth.unreachable("customers-relay", RELAY, "connection refused");
    Overview down =
        Overview.of(
            List.of(sample(T0, reading(relay(), gone, ""), appUp(1, 0, 0))), RULES, true, T0);
    assertThat(box(down, "relay:customers").state()).isEqualTo("down");
    assertThat(box(down, "relay:customers").detail()).contains("connection refused");
  }

  @Test
  void a_consumer_whose_p99_exceeds_its_objective_is_lagging() {
    // 100 events in the window: 98 within 0.5 s, 2 between 1 and 5 s: p99 is 3 s, objective 1 s.
    List<Sample> samples =
        List.of(
            sample(T0, relayUp(0), appUp(0, 0, 0)),
            sample(T0.plusSeconds(2), relayUp(100), appUp(100, 98, 100)));

    Overview overview = Overview.of(samples, RULES, true, T0.plusSeconds(2));

    Overview.Box consumer = box(overview, "consumer:" + CONSUMER);
    assertThat(consumer.state()).isEqualTo("lagging");
    assertThat(consumer.detail()).isEqualTo("p99 3.0 s > objective 1.0 s");
  }

  @Test
  void a_database_that_cannot_be_read_is_down_and_listed_in_problems_without_breaking_the_rest() {
    Sample broken =
        new Sample(
            T0,
            Map.of(
                "customers",
                new Sample.DatabaseReading(
                    "customers", "127.0.0.1:15432", null, "connection refused")),
            List.of(relayUp(1), appUp(1, 0, 0)),
            Map.of(),
            List.of("customers: database not readable (connection refused)"));

    Overview overview = Overview.of(List.of(broken), RULES, false, T0);

    assertThat(box(overview, "database:customers").state()).isEqualTo("down");
    assertThat(box(overview, "relay:customers").state()).isEqualTo("healthy");
    assertThat(overview.problems())
        .containsExactly("customers: database not readable (connection refused)");
    assertThat(overview.deadLetters()).isEmpty();
    assertThat(overview.actionsEnabled()).isFalse();
  }

  @Test
  void the_overview_is_json_with_every_field_and_nulls_kept() throws Exception {
    String json =
        new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .writeValueAsString(
                Overview.of(List.of(sample(T0, relayUp(1), appUp(1, 0, 0))), RULES, true, T0));
    assertThat(json)
        .contains("\"generatedAt\":\"2026-12-03T07:10:00Z\"")
        .contains("\"rate\":null")
        .contains("\"kind\":\"consumer\"");
  }

  private static Overview.Box box(Overview overview, String id) {
    return overview.flow().boxes().stream()
        .filter(b -> b.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static Overview.Arrow arrow(Overview overview, String from, String to) {
    return overview.flow().arrows().stream()
        .filter(a -> a.from().equals(from) && a.to().equals(to))
        .findFirst()
        .orElseThrow();
  }

  private static RunProcess relay() {
    return RunProcess.relay("customers-relay", "customers", "active", RELAY, null);
  }

  private static Sample.ProcessReading relayUp(double relayed) {
    ProcessHealth up =
        HealthDocument.parse(
            "customers-relay", RELAY, 200, "{\"status\":\"UP\",\"role\":\"active\"}");
    return reading(
        relay(),
        up,
        "outbox_relay_events_total{topic=\"customer.events\",type=\"CustomerCreated\",} "
            + relayed);
  }

  private static Sample.ProcessReading appUp(double applied, double within, double total) {
    RunProcess app =
        RunProcess.app("order-app", "order-app", "orders", CONSUMER, "customer.events", APP, null);
    ProcessHealth up =
        HealthDocument.parse(
            "order-app",
            APP,
            200,
            "{\"status\":\"UP\",\"checks\":{\"consumer\":{\"status\":\"UP\"}}}");
    String c = "consumer=\"" + CONSUMER + "\"";
    return reading(
        app,
        up,
        String.join(
            "\n",
            "outbox_consumer_applied_total{" + c + ",} " + applied,
            "outbox_consumer_freshness_seconds_bucket{" + c + ",le=\"0.5\",} " + within,
            "outbox_consumer_freshness_seconds_bucket{" + c + ",le=\"1.0\",} " + within,
            "outbox_consumer_freshness_seconds_bucket{" + c + ",le=\"5.0\",} " + total,
            "outbox_consumer_freshness_seconds_bucket{" + c + ",le=\"+Inf\",} " + total,
            "outbox_consumer_freshness_objective_seconds{" + c + ",} 1.0"));
  }

  private static Sample.ProcessReading reading(
      RunProcess process, ProcessHealth health, String metrics) {
    return new Sample.ProcessReading(
        new ProcessStatus(process, health), PrometheusText.parse(metrics));
  }

  private static Sample sample(Instant at, Sample.ProcessReading... processes) {
    DatabaseStatus customers =
        new DatabaseStatus(
            "customers",
            List.of(new DatabaseStatus.Relay("outbox_relay", true, 120, 4000, null, at, "0/1", at)),
            new DatabaseStatus.Outbox(0, 0, 0, null, 10L),
            List.of(),
            List.of());
    DatabaseStatus orders =
        new DatabaseStatus(
            "orders",
            List.of(),
            new DatabaseStatus.Outbox(0, 0, 0, null, 0L),
            List.of(new DatabaseStatus.Consumer(CONSUMER, 1, 0, 0, 0, 0, 0, at)),
            List.of());
    Map<String, Sample.DatabaseReading> databases = new LinkedHashMap<>();
    databases.put(
        "customers", new Sample.DatabaseReading("customers", "127.0.0.1:15432", customers, null));
    databases.put("orders", new Sample.DatabaseReading("orders", "127.0.0.1:15432", orders, null));
    return new Sample(at, databases, List.of(processes), Map.of("customer.events", 3), List.of());
  }
}
