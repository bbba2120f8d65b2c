package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.outbox.cli.OutboxCli;
import dev.outbox.cli.config.CliSettings;
import dev.outbox.config.Settings;
import dev.outbox.customer.CustomerAppConfig;
import dev.outbox.order.OrderAppConfig;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.config.RelayConfig;
import dev.outbox.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so this test holds it to what the
 * components really read: every service's image target exists in the Dockerfile, every variable is
 * one its component reads (a misspelt one would fall back to a default and differ), ports and
 * health checks match the HTTP ports, and the start order waits for health and for the migrations.
 * The optional Prometheus and Grafana (profile {@code observability}) load the files of {@code
 * deploy/} and scrape every relay and app where compose runs them.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

  private static JsonNode services;
  private static String dockerfile;

  @BeforeAll
  static void read() throws IOException {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    services = compose.get("services");
    dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
  }

  /** A service's environment, with ${VAR:-default} resolved to its default as compose would. */
  private static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    services
        .get(service)
        .get("environment")
        .fields()
        .forEachRemaining(
            e -> {
              Matcher m = INTERPOLATION.matcher(e.getValue().asText());
              env.put(e.getKey(), m.matches() ? m.group(2) : e.getValue().asText());
            });
    return env;
  }

  private static List<String> list(JsonNode node) {
    return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void the_deployment_has_postgres_kafka_both_apps_and_a_relay_per_app() {
    assertThat(services.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "postgres",
            "kafka",
            "migrate",
            "customer-app",
            "customer-relay",
            "order-app",
            "order-relay",
            "prometheus",
            "grafana",
            "jaeger");
    assertThat(services.get("postgres").get("image").asText()).isEqualTo("postgres:17");
    assertThat(list(services.get("postgres").get("command"))).contains("wal_level=logical");
    assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
  }

  @Test
  void every_built_image_is_a_target_of_the_dockerfile() {
    for (String name :
        List.of("migrate", "customer-app", "customer-relay", "order-app", "order-relay")) {
      JsonNode build = services.get(name).get("build");
      assertThat(build.get("context").asText()).isEqualTo(".");
      String target = build.get("target").asText();
      assertThat(dockerfile)
          .as(name)
          .containsPattern("(?m)^FROM \\S+ AS " + Pattern.quote(target) + "$");
    }
  }

  @Test
  void relays_are_configured_with_what_the_relay_reads() {
    for (var relay :
        Map.of(
                "customer-relay", ServiceDatabase.CUSTOMERS,
                "order-relay", ServiceDatabase.ORDERS)
            .entrySet()) {
      Map<String, String> env = environment(relay.getKey());
      RelayConfig config = RelayConfig.fromEnvironment(env);
      assertThat(config.db().url().url()).isEqualTo(env.get("RELAY_DB_URL"));
      assertThat(config.db().url().database()).isEqualTo(relay.getValue().databaseName());
      assertThat(config.db().user()).isEqualTo(relay.getValue().relayRole());
      assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
      assertThat(config.stream().slot()).isEqualTo(env.get("RELAY_SLOT"));
      assertThat(config.stream().source()).isEqualTo(env.get("RELAY_SOURCE"));
      assertThat(config.httpPort()).isEqualTo(Integer.parseInt(env.get("RELAY_HTTP_PORT")));
      assertThat(env.keySet()).allMatch(k -> k.startsWith("RELAY_") || k.startsWith("OTEL_"));
      assertPortAndHealth(relay.getKey(), config.httpPort());
    }
    assertThat(environment("customer-relay").get("RELAY_SLOT"))
        .as("replication slots are global to the server")
        .isNotEqualTo(environment("order-relay").get("RELAY_SLOT"));
  }

  @Test
  void apps_are_configured_with_what_the_apps_read() {
    Map<String, String> customerEnv = environment("customer-app");
    CustomerAppConfig customer = CustomerAppConfig.fromEnvironment(customerEnv);
    assertThat(customer.db().url().url()).isEqualTo("jdbc:postgresql://postgres:5432/customers");
    assertThat(customer.db().user()).isEqualTo(ServiceDatabase.CUSTOMERS.appRole());
    assertThat(customer.db().password()).isEqualTo(customerEnv.get("CUSTOMER_APP_DB_PASSWORD"));
    assertThat(customer.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(customerEnv.keySet())
        .allMatch(k -> k.startsWith(CustomerAppConfig.PREFIX) || k.startsWith("OTEL_"));
    assertPortAndHealth("customer-app", customer.httpPort());

    Map<String, String> orderEnv = environment("order-app");
    OrderAppConfig order = OrderAppConfig.fromEnvironment(orderEnv);
    assertThat(order.db().url().url()).isEqualTo("jdbc:postgresql://postgres:5432/orders");
    assertThat(order.db().user()).isEqualTo(ServiceDatabase.ORDERS.appRole());
    assertThat(order.db().password()).isEqualTo(orderEnv.get("ORDER_APP_DB_PASSWORD"));
    assertThat(order.kafkaBootstrap()).isEqualTo("kafka:9092");
    assertThat(orderEnv.keySet())
        .allMatch(k -> k.startsWith(OrderAppConfig.PREFIX) || k.startsWith("OTEL_"));
    assertPortAndHealth("order-app", order.httpPort());
  }

  @Test
  void passwords_agree_between_the_init_script_the_migration_job_and_the_components() {
    Map<String, String> postgres = environment("postgres");
    Map<String, String> migrate = environment("migrate");
    Map<String, String> byRole = new HashMap<>();
    byRole.put("customer_app", environment("customer-app").get("CUSTOMER_APP_DB_PASSWORD"));
    byRole.put("order_app", environment("order-app").get("ORDER_APP_DB_PASSWORD"));
    byRole.put("customer_relay", environment("customer-relay").get("RELAY_DB_PASSWORD"));
    byRole.put("order_relay", environment("order-relay").get("RELAY_DB_PASSWORD"));
    byRole.forEach(
        (role, password) -> {
          String variable = CliSettings.passwordOf(role).name();
          assertThat(postgres.get(variable)).as(variable + " of postgres").isEqualTo(password);
          assertThat(migrate.get(variable)).as(variable + " of migrate").isEqualTo(password);
        });
    assertThat(migrate.get("OUTBOX_DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
  }

  @Test
  void the_migration_job_is_configured_with_what_the_operator_commands_read() {
    // Read as the CLI reads it: a misspelt OUTBOX_* variable would be refused here.
    Settings migrate = CliSettings.GROUP.read(environment("migrate"));
    assertThat(migrate.get(CliSettings.DB_HOST)).isEqualTo("postgres");
    assertThat(migrate.get(CliSettings.DB_PORT)).isEqualTo(5432);
    assertThat(migrate.get(CliSettings.DB_USER)).isEqualTo("postgres");
    for (String role : CliSettings.ROLE_PASSWORDS.keySet()) {
      assertThat(migrate.find(CliSettings.passwordOf(role))).as(role).isPresent();
    }
    String init = readQuietly(ROOT.resolve("deploy/postgres/init-databases.sh"));
    for (var password : CliSettings.ROLE_PASSWORDS.values()) {
      assertThat(init)
          .as("the init script reads " + password.name())
          .contains("$" + password.name());
    }
  }

  @Test
  void apps_get_every_setting_they_require_and_nothing_of_another_prefix() {
    for (var app : Map.of("customer-app", "CUSTOMER_APP_", "order-app", "ORDER_APP_").entrySet()) {
      Map<String, String> env = environment(app.getKey());
      assertThat(env.keySet())
          .as(app.getKey())
          .contains(
              app.getValue() + "DB_URL",
              app.getValue() + "DB_USER",
              app.getValue() + "DB_PASSWORD",
              app.getValue() + "KAFKA_BOOTSTRAP")
          .allMatch(k -> k.startsWith(app.getValue()) || k.startsWith("OTEL_"));
    }
  }

  @Test
  void the_cli_image_is_the_shaded_operator_jar_alone() {
    String cli = dockerfile.substring(dockerfile.indexOf("FROM runtime AS cli"));
    assertThat(cli)
        .contains(
            "COPY --from=build /home/builder/src/outbox-cli/target/outbox-cli.jar /app/app.jar")
        // schema check reads $OUTBOX_HOME/contracts
        .contains("COPY --from=build /home/builder/src/contracts /app/contracts")
        .contains("ENV OUTBOX_HOME=/app")
        .doesNotContain("outbox-local")
        .doesNotContain("embedded-stack");
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void the_init_script_creates_every_role_and_database_the_components_use() throws IOException {
    String init = Files.readString(ROOT.resolve("deploy/postgres/init-databases.sh"));
    List<String> mounted = list(services.get("postgres").get("volumes"));
    assertThat(mounted)
        .anyMatch(
            v -> v.startsWith("./deploy/postgres/init-databases.sh:/docker-entrypoint-initdb.d/"));
    for (ServiceDatabase db : ServiceDatabase.values()) {
      assertThat(init).contains("CREATE DATABASE " + db.databaseName() + ";");
      assertThat(init).containsPattern("CREATE ROLE " + db.appRole() + "\\s+LOGIN NOREPLICATION");
      assertThat(init).containsPattern("CREATE ROLE " + db.relayRole() + "\\s+LOGIN REPLICATION");
    }
  }

  @Test
  void apps_and_relays_start_after_healthy_kafka_and_finished_migrations() {
    assertThat(services.get("migrate").get("depends_on").get("postgres").get("condition").asText())
        .isEqualTo("service_healthy");
    assertThat(
            OutboxCli.commandLine(Map.of())
                .parseArgs(list(services.get("migrate").get("command")).toArray(String[]::new))
                .subcommand()
                .commandSpec()
                .name())
        .isEqualTo("migrate");
    for (String name : List.of("customer-app", "customer-relay", "order-app", "order-relay")) {
      JsonNode dependsOn = services.get(name).get("depends_on");
      assertThat(dependsOn.get("migrate").get("condition").asText())
          .isEqualTo("service_completed_successfully");
      assertThat(dependsOn.get("kafka").get("condition").asText()).isEqualTo("service_healthy");
    }
    for (String name :
        List.of(
            "postgres", "kafka", "customer-app", "customer-relay", "order-app", "order-relay")) {
      assertThat(services.get(name).get("healthcheck"))
          .as(name + " has a health check")
          .isNotNull();
    }
  }

  @Test
  void prometheus_and_grafana_are_optional_and_load_the_files_of_deploy() {
    services
        .fields()
        .forEachRemaining(
            service -> {
              boolean observability = Set.of("prometheus", "grafana").contains(service.getKey());
              boolean tracing = service.getKey().equals("jaeger");
              assertThat(list(service.getValue().path("profiles")))
                  .as(service.getKey() + "'s profiles")
                  .isEqualTo(
                      observability
                          ? List.of("observability")
                          : tracing ? List.of("tracing") : List.of());
            });
    Map<String, String> prometheus = mounts("prometheus");
    assertThat(list(services.get("prometheus").get("command")))
        .contains("--config.file=" + prometheus.get("./deploy/prometheus/prometheus.yml"));
    JsonNode config = ObservabilityFiles.yaml(ObservabilityFiles.PROMETHEUS);
    assertThat(list(config.get("rule_files")))
        .as("the rule files Prometheus loads are the ones compose mounts")
        .containsExactly(prometheus.get("./deploy/prometheus/alerts.yml"));

    Map<String, String> grafana = mounts("grafana");
    assertThat(grafana)
        .containsEntry(
            "./deploy/grafana/provisioning/datasources", "/etc/grafana/provisioning/datasources")
        .containsEntry(
            "./deploy/grafana/provisioning/dashboards", "/etc/grafana/provisioning/dashboards");
    String dashboardDir =
        ObservabilityFiles.yaml(
                ObservabilityFiles.GRAFANA_PROVISIONING.resolve("dashboards/outbox.yml"))
            .path("providers")
            .get(0)
            .path("options")
            .path("path")
            .asText();
    assertThat(grafana.get("./deploy/grafana/outbox-dashboard.json"))
        .isEqualTo(dashboardDir + "/outbox-dashboard.json");
    assertThat(list(services.get("prometheus").get("ports"))).containsExactly("9090:9090");
    assertThat(list(services.get("grafana").get("ports"))).containsExactly("3000:3000");
    for (String mounted : new TreeSet<>(concat(prometheus.keySet(), grafana.keySet()))) {
      assertThat(ROOT.resolve(mounted)).as(mounted).exists();
    }
  }

  @Test
  void relays_and_apps_trace_to_the_optional_jaeger_only_when_asked() {
    for (String component : List.of("customer-app", "order-app", "customer-relay", "order-relay")) {
      Map<String, String> env = environment(component);
      assertThat(env)
          .as(component)
          .containsEntry("OTEL_TRACES_EXPORTER", "none")
          .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318");
      try (Telemetry off = Telemetry.fromEnvironment(env, component)) {
        assertThat(off.enabled()).as(component + " traces by default").isFalse();
      }
      Map<String, String> asked = new HashMap<>(env);
      asked.put("OTEL_TRACES_EXPORTER", "otlp");
      try (Telemetry on = Telemetry.fromEnvironment(asked, component)) {
        assertThat(on.describe())
            .as(component)
            .contains("to otlp http/protobuf http://jaeger:4318");
      }
    }
    assertThat(list(services.get("jaeger").get("ports"))).containsExactly("16686:16686");
  }

  @Test
  void prometheus_scrapes_every_relay_and_app_where_compose_runs_it_with_the_rules_labels() {
    Map<String, JsonNode> targets = new TreeMap<>();
    Map<String, String> jobs = new TreeMap<>();
    for (JsonNode job :
        ObservabilityFiles.yaml(ObservabilityFiles.PROMETHEUS).get("scrape_configs")) {
      assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
      for (JsonNode group : job.get("static_configs")) {
        for (JsonNode target : group.get("targets")) {
          targets.put(target.asText(), group.path("labels"));
          jobs.put(target.asText(), job.get("job_name").asText());
        }
      }
    }
    Map<String, JsonNode> expected = new TreeMap<>();
    for (String relay : List.of("customer-relay", "order-relay")) {
      RelayConfig config = RelayConfig.fromEnvironment(environment(relay));
      String target = relay + ":" + config.httpPort();
      expected.put(target, null);
      assertThat(jobs.get(target)).as(target).isEqualTo("outbox-relay");
      JsonNode labels = targets.get(target);
      assertThat(labels).as("prometheus.yml scrapes " + target).isNotNull();
      assertThat(labels.path("slot").asText()).isEqualTo(config.stream().slot());
      assertThat(labels.path("database").asText()).isEqualTo(config.db().url().database());
      assertThat(labels.path("service").asText()).isEqualTo(config.stream().source());
    }
    for (var app :
        Map.of(
                "customer-app",
                CustomerAppConfig.fromEnvironment(environment("customer-app")).httpPort(),
                "order-app",
                OrderAppConfig.fromEnvironment(environment("order-app")).httpPort())
            .entrySet()) {
      String target = app.getKey() + ":" + app.getValue();
      expected.put(target, null);
      assertThat(jobs.get(target)).as(target).isEqualTo("outbox-app");
      assertThat(targets.get(target)).as("prometheus.yml scrapes " + target).isNotNull();
      assertThat(targets.get(target).path("service").asText()).isEqualTo(app.getKey());
    }
    assertThat(targets.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  /** A service's bind mounts, host path to container path (a ":ro" suffix dropped). */
  private static Map<String, String> mounts(String service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (String volume : list(services.get(service).get("volumes"))) {
      String[] parts = volume.split(":");
      mounts.put(parts[0], parts[1]);
    }
    return mounts;
  }

  private static List<String> concat(Set<String> a, Set<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void assertPortAndHealth(String service, int httpPort) {
    assertThat(list(services.get(service).get("ports"))).containsExactly(httpPort + ":" + httpPort);
    assertThat(list(services.get(service).get("healthcheck").get("test")))
        .contains("http://localhost:" + httpPort + "/health");
  }
}
