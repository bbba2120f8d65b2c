package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.system.ObservabilityFiles.Expression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric that {@code deploy/prometheus/alerts.yml} and {@code
 * deploy/grafana/outbox-dashboard.json} name is one a component exports: the reference deployment
 * runs (both relays as processes of their jar, both apps), each consumer applies an event so that
 * its histograms have series, and the real {@code /metrics} of all four are scraped. A renamed
 * meter, or a misspelt name in a rule or a panel, fails here naming the rule or panel.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityMetricsIT {

  private static final Duration CONVERGENCE = Duration.ofMinutes(3);

  /** The series Prometheus writes itself for each target (its "up" is the rules' down check). */
  private static final Set<String> PROMETHEUS_OWN =
      Set.of(
          "up",
          "scrape_duration_seconds",
          "scrape_samples_scraped",
          "scrape_samples_post_metric_relabeling",
          "scrape_series_added");

  private final HttpClient http = HttpClient.newHttpClient();
  private Platform platform;

  @BeforeAll
  void start(OutboxStack stack) {
    platform = new Platform(stack).start();
  }

  @AfterAll
  void stop() throws Exception {
    platform.close();
  }

  private Map<String, URI> endpoints() {
    Map<String, URI> endpoints = new TreeMap<>();
    endpoints.put("customer-app", platform.customerApp().baseUri().resolve("/metrics"));
    endpoints.put("order-app", platform.orderApp().baseUri().resolve("/metrics"));
    for (ServiceDatabase db : ServiceDatabase.values()) {
      endpoints.put(db.databaseName() + "-relay", platform.relayUrl(db).resolve("/metrics"));
    }
    return endpoints;
  }

  @Test
  void every_metric_a_rule_or_a_panel_names_is_exported_by_a_relay_or_an_app() {
    // A customer (order-app's consumer applies it), then an order (customer-app's applies it).
    Http.Answer customer =
        platform
            .customers()
            .post(
                "/customers",
                Map.of(
                    "name", "Grace Hopper",
                    "email", "grace.hopper@example.com",
                    "address", "1 Compiler Way",
                    "creditLimit", 1000));
    assertThat(customer.status()).as("POST /customers %s", customer.body()).isEqualTo(201);
    await()
        .atMost(CONVERGENCE)
        .until(() -> sum(scrape(endpoints().get("order-app")), FRESHNESS_COUNT) >= 1);
    Http.Answer order =
        platform
            .orders()
            .post(
                "/orders",
                Map.of(
                    "customerId",
                    customer.text("id"),
                    "lines",
                    List.of(Map.of("sku", "SKU-1", "quantity", 1, "unitPrice", 10))));
    assertThat(order.status()).as("POST /orders %s", order.body()).isEqualTo(201);
    await()
        .atMost(CONVERGENCE)
        .until(() -> sum(scrape(endpoints().get("customer-app")), FRESHNESS_COUNT) >= 1);

    Map<String, Set<String>> exportedBy = new TreeMap<>();
    Set<String> exported = new TreeSet<>(PROMETHEUS_OWN);
    endpoints()
        .forEach(
            (component, uri) -> {
              Set<String> names = sampleNames(scrape(uri));
              exportedBy.put(component, names);
              exported.addAll(names);
            });
    assertThat(exportedBy.get("customers-relay")).contains("outbox_relay_role");
    assertThat(exportedBy.get("order-app")).contains("outbox_consumer_freshness_seconds_bucket");

    List<String> unknown = new ArrayList<>();
    List<Expression> expressions = ObservabilityFiles.expressions();
    assertThat(expressions).isNotEmpty();
    for (Expression e : expressions) {
      for (String name : e.metricNames()) {
        if (!exported.contains(name)) {
          unknown.add(e.where() + ": " + name);
        }
      }
    }
    assertThat(unknown)
        .as(
            "metrics named in deploy/ that no relay or app exports (they export: %s)",
            String.join(", ", new TreeSet<>(exported)))
        .isEmpty();
  }

  private static final String FRESHNESS_COUNT = "outbox_consumer_freshness_seconds_count";

  private String scrape(URI uri) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The names of the samples of a Prometheus text page: {@code _bucket}, {@code _count}, ... */
  static Set<String> sampleNames(String page) {
    Set<String> names = new TreeSet<>();
    for (String line : page.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  /** The sum of a metric's samples on a page. */
  private static double sum(String page, String metric) {
    double sum = 0;
    for (String line : page.split("\n")) {
      if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
