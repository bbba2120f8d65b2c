package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outbox.system.ObservabilityFiles.Expression;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files of {@code deploy/prometheus} and {@code deploy/grafana} have the shapes Prometheus and
 * Grafana load (without either of them here), and the README's table of alerts is the rule file's.
 * That every metric they name is exported is {@link ObservabilityMetricsIT}'s.
 */
class ObservabilityFilesTest {

  private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
  private static final Set<String> RULE_KEYS =
      Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void the_alert_rules_have_the_prometheus_rule_file_shape() {
    JsonNode file = ObservabilityFiles.yaml(ObservabilityFiles.ALERTS);
    assertThat(fieldNames(file)).containsExactly("groups");
    assertThat(file.get("groups").isArray()).isTrue();
    Set<String> groups = new HashSet<>();
    Set<String> alerts = new HashSet<>();
    for (JsonNode group : file.get("groups")) {
      String name = group.path("name").asText();
      assertThat(name).as("a group's name").isNotBlank();
      assertThat(groups.add(name)).as("group %s is unique", name).isTrue();
      assertThat(fieldNames(group)).as(name).isSubsetOf("name", "interval", "rules");
      assertThat(group.get("rules").isArray() && !group.get("rules").isEmpty())
          .as("group %s has rules", name)
          .isTrue();
      for (JsonNode rule : group.get("rules")) {
        String alert = rule.path("alert").asText();
        assertThat(alert).as("an alert's name in %s", name).matches("[A-Z][A-Za-z0-9]+");
        assertThat(alerts.add(alert)).as("alert %s is unique", alert).isTrue();
        assertThat(fieldNames(rule)).as(alert).isSubsetOf(RULE_KEYS);
        assertThat(rule.path("expr").isTextual() && !rule.path("expr").asText().isBlank())
            .as("%s has an expr", alert)
            .isTrue();
        assertThat(balanced(rule.path("expr").asText()))
            .as("%s: balanced brackets", alert)
            .isTrue();
        assertThat(rule.path("for").asText()).as("%s: for", alert).matches(DURATION);
        assertThat(rule.path("labels").path("severity").asText())
            .as("%s: labels.severity", alert)
            .isIn("critical", "warning");
        assertThat(rule.path("annotations").path("summary").asText())
            .as("%s: annotations.summary", alert)
            .isNotBlank();
        assertThat(rule.path("annotations").path("description").asText())
            .as("%s: annotations.description", alert)
            .isNotBlank();
      }
    }
    assertThat(alerts)
        .contains(
            "OutboxRelayDown",
            "OutboxNoActiveRelay",
            "OutboxSlotLagBytesHigh",
            "OutboxWalRetainedHigh",
            "OutboxConsumerFreshnessOverObjective",
            "OutboxEventsParked",
            "OutboxVersionGaps",
            "OutboxHeartbeatStale");
  }

  @Test
  void the_readme_table_of_alerts_lists_exactly_the_rules_with_their_for() throws IOException {
    String readme = Files.readString(ObservabilityFiles.ROOT.resolve("README.md"));
    int start = readme.indexOf("<!-- alerts -->");
    int end = readme.indexOf("<!-- /alerts -->");
    assertThat(start)
        .as("README.md has a table of alerts between <!-- alerts --> markers")
        .isPositive();
    String table = readme.substring(start, end);
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(\\w+)` \\|(.*)$").matcher(table);
    List<JsonNode> rules = ObservabilityFiles.rules();
    while (row.find()) {
      documented.add(row.group(1));
      JsonNode rule =
          rules.stream()
              .filter(r -> r.path("alert").asText().equals(row.group(1)))
              .findFirst()
              .orElse(null);
      assertThat(rule).as("README's alert %s is in alerts.yml", row.group(1)).isNotNull();
      assertThat(row.group(2))
          .as("README's row of %s gives its for and severity", row.group(1))
          .contains("`" + rule.path("for").asText() + "`")
          .contains(rule.path("labels").path("severity").asText());
    }
    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            rules.stream().map(r -> r.path("alert").asText()).toList());
  }

  @Test
  void the_dashboard_has_panels_with_prometheus_queries_on_the_provisioned_datasource() {
    JsonNode dashboard = ObservabilityFiles.dashboard();
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("uid").asText()).matches("[a-z0-9-]{1,40}");
    String datasource =
        ObservabilityFiles.yaml(
                ObservabilityFiles.GRAFANA_PROVISIONING.resolve("datasources/prometheus.yml"))
            .path("datasources")
            .get(0)
            .path("uid")
            .asText();
    Set<Integer> ids = new HashSet<>();
    int queries = 0;
    for (JsonNode panel : ObservabilityFiles.panels()) {
      String title = panel.path("title").asText();
      assertThat(ids.add(panel.path("id").asInt()))
          .as("panel id of '%s' is unique", title)
          .isTrue();
      assertThat(panel.has("gridPos")).as("'%s' has a gridPos", title).isTrue();
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText())
          .as("'%s' reads the provisioned datasource", title)
          .isEqualTo(datasource);
      assertThat(panel.path("targets").isEmpty()).as("'%s' has queries", title).isFalse();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as("'%s' query", title).isNotBlank();
        queries++;
      }
    }
    assertThat(queries).isGreaterThan(10);
    assertThat(titles())
        .contains(
            "Active relays per database",
            "Events published /s",
            "Slot lag (bytes)",
            "Slot lag (time)",
            "WAL held by the slot",
            "Heartbeat age",
            "Events applied /s",
            "Freshness p50 / p99 and objective",
            "Share within the freshness objective",
            "Open dead letters",
            "Version gaps (1h)",
            "Duplicates and stale /s");
  }

  @Test
  void every_expression_names_at_least_one_metric() {
    List<Expression> expressions = ObservabilityFiles.expressions();
    assertThat(expressions).hasSizeGreaterThan(20);
    for (Expression e : expressions) {
      assertThat(e.metricNames()).as(e.where() + ": " + e.expr()).isNotEmpty();
    }
  }

  @Test
  void grafana_loads_the_dashboard_from_the_directory_compose_mounts_it_in() {
    JsonNode providers =
        ObservabilityFiles.yaml(
                ObservabilityFiles.GRAFANA_PROVISIONING.resolve("dashboards/outbox.yml"))
            .path("providers");
    assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
    assertThat(providers.get(0).path("options").path("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards");
    JsonNode datasource =
        ObservabilityFiles.yaml(
                ObservabilityFiles.GRAFANA_PROVISIONING.resolve("datasources/prometheus.yml"))
            .path("datasources")
            .get(0);
    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
    assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
  }

  private static List<String> titles() {
    return ObservabilityFiles.panels().stream().map(p -> p.path("title").asText()).toList();
  }

  private static boolean balanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      }
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }
}
