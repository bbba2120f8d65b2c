package dev.outbox.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The dashboards and alerts of {@code deploy/} as the tests read them: Prometheus' configuration
 * and rule file, Grafana's dashboard, and every PromQL expression in them with where it is.
 */
final class ObservabilityFiles {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");
  static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
  static final Path DASHBOARD = ROOT.resolve("deploy/grafana/outbox-dashboard.json");
  static final Path GRAFANA_PROVISIONING = ROOT.resolve("deploy/grafana/provisioning");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private ObservabilityFiles() {}

  /** One PromQL expression and where it is, for a failure to name. */
  record Expression(String where, String expr, boolean template) {

    Set<String> metricNames() {
      return template ? PromQl.templateMetricNames(expr) : PromQl.metricNames(expr);
    }
  }

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  static JsonNode dashboard() {
    try {
      return JSON.readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(DASHBOARD + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Every alerting rule of alerts.yml, as written. */
  static List<JsonNode> rules() {
    List<JsonNode> rules = new ArrayList<>();
    yaml(ALERTS).path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  /** Every panel of the dashboard, those inside collapsed rows too. */
  static List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    collect(dashboard().path("panels"), panels);
    return panels;
  }

  private static void collect(JsonNode list, List<JsonNode> into) {
    for (JsonNode panel : list) {
      into.add(panel);
      collect(panel.path("panels"), into);
    }
  }

  /** Every expression of the rules, of the dashboard's panels and of its template variables. */
  static List<Expression> expressions() {
    List<Expression> all = new ArrayList<>();
    for (JsonNode rule : rules()) {
      all.add(
          new Expression(
              "alerts.yml " + rule.path("alert").asText(), rule.path("expr").asText(), false));
    }
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        all.add(
            new Expression(
                "dashboard panel '"
                    + panel.path("title").asText()
                    + "' "
                    + target.path("refId").asText(),
                target.path("expr").asText(),
                false));
      }
    }
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      JsonNode query = variable.path("query");
      String text = query.isObject() ? query.path("query").asText() : query.asText();
      all.add(new Expression("dashboard variable $" + variable.path("name").asText(), text, true));
    }
    return all;
  }
}
