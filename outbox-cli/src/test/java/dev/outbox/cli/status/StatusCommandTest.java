package dev.outbox.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.outbox.cli.OutboxCli;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} reads every relay's and app's /health; here they are small HTTP servers that
 * answer as the real ones do, and no database answers.
 */
class StatusCommandTest {

  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private String serve(int status, String body) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private record Run(int exit, String out) {}

  private Run status(Map<String, String> env, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      List<String> all = new ArrayList<>(List.of("status"));
      all.addAll(List.of(args));
      int exit = OutboxCli.commandLine(env).execute(all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void every_process_state_is_shown_and_unreadable_databases_exit_2() throws Exception {
    Map<String, String> env =
        Map.of(
            "OUTBOX_CUSTOMERS_RELAY_URL", serve(200, "{\"status\":\"UP\",\"role\":\"active\"}"),
            "OUTBOX_ORDERS_RELAY_URL",
                serve(503, "{\"status\":\"DOWN\",\"reason\":\"not streaming: slot dropped\"}"),
            "OUTBOX_CUSTOMER_APP_URL",
                serve(
                    200,
                    "{\"status\":\"UP\",\"checks\":{\"database\":{\"status\":\"UP\"},"
                        + "\"consumer\":{\"status\":\"UP\",\"viewAgeSeconds\":0.4}}}"),
            "OUTBOX_ORDER_APP_URL",
                serve(
                    200,
                    "{\"status\":\"DEGRADED\",\"checks\":{\"database\":{\"status\":\"UP\"},"
                        + "\"consumer\":{\"status\":\"DISCONNECTED\",\"since\":"
                        + "\"2026-11-26T14:17:25Z\",\"reason\":\"no broker answers\","
                        + "\"viewAgeSeconds\":12.3}}}"),
            "OUTBOX_DB_PORT", Integer.toString(closedPort()));

    Run screen = status(env);
    assertThat(screen.exit()).isEqualTo(2);
    assertThat(screen.out())
        .containsPattern("customers-relay +UP ")
        .containsPattern("orders-relay +DOWN .*not streaming: slot dropped")
        .containsPattern("customer-app +UP .*consumer UP, view age 400 ms")
        .containsPattern(
            "order-app +DEGRADED .*consumer DISCONNECTED since 2026-11-26T14:17:25Z \\(.* ago\\):"
                + " no broker answers, view age 12.3 s")
        .contains("databases UNREADABLE: cannot connect to")
        .contains("order-app reports DEGRADED: consumer DISCONNECTED")
        .contains("orders-relay reports DOWN: not streaming: slot dropped");

    Run json = status(env, "--json");
    assertThat(json.exit()).isEqualTo(2);
    JsonNode document = new ObjectMapper().readTree(json.out());
    assertThat(document.get("healthy").asBoolean()).isFalse();
    assertThat(document.get("databasesUnreadable").asText()).contains("cannot connect");
    JsonNode orderApp = document.get("processes").get(3);
    assertThat(orderApp.get("name").asText()).isEqualTo("order-app");
    assertThat(orderApp.get("state").asText()).isEqualTo("DEGRADED");
    assertThat(orderApp.get("checks").get(1).get("since").asText())
        .isEqualTo("2026-11-26T14:17:25Z");
    assertThat(orderApp.get("body").get("checks").get("consumer").get("viewAgeSeconds").asDouble())
        .isEqualTo(12.3);
  }

  @Test
  void a_process_that_does_not_answer_is_shown_as_unreachable() throws Exception {
    String silent = "http://127.0.0.1:" + closedPort();
    Run screen =
        status(
            Map.of(
                "OUTBOX_CUSTOMERS_RELAY_URL",
                silent,
                "OUTBOX_DB_PORT",
                Integer.toString(closedPort())));
    assertThat(screen.out())
        .containsPattern("customers-relay +UNREACHABLE .*no answer: connection refused")
        .contains("customers-relay: no answer from " + silent + "/health (connection refused)");
  }

  private static String app(String partitions) {
    String listed = partitions == null ? "" : ",\"partitions\":" + partitions;
    return "{\"status\":\"UP\",\"checks\":{\"database\":{\"status\":\"UP\"},"
        + "\"consumer\":{\"status\":\"UP\",\"viewAgeSeconds\":0.2"
        + listed
        + ",\"assignedAt\":\"2026-12-02T14:00:00Z\"}}}";
  }

  private static final String STANDBY =
      "{\"status\":\"DOWN\",\"role\":\"standby\",\"streaming\":false,\"kafka\":true,\"ready\":true,"
          + "\"reason\":\"standby: another relay holds the lock for this slot\"}";

  /** A run of 2 customer-app and 4 order-app instances with standby relays, as up writes it. */
  private Path wideRun(Path home) throws IOException {
    String active = "{\"status\":\"UP\",\"role\":\"active\",\"streaming\":true,\"kafka\":true}";
    List<RunProcess> processes =
        List.of(
            RunProcess.relay("customers-relay", "customers", "active", url(200, active), 11L),
            RunProcess.relay("orders-relay", "orders", "active", url(503, STANDBY), 12L),
            app(
                "customer-app",
                "customers",
                "order.events",
                "[\"order.events-0\",\"order.events-1\"]"),
            app("customer-app-2", "customers", "order.events", "[\"order.events-2\"]"),
            app("order-app", "orders", "customer.events", "[\"customer.events-0\"]"),
            app("order-app-2", "orders", "customer.events", "[\"customer.events-1\"]"),
            app(
                "order-app-3",
                "orders",
                "customer.events",
                "[\"customer.events-2\",\"outbox.backfill.events-0\"]"),
            app("order-app-4", "orders", "customer.events", "[]"),
            RunProcess.relay(
                "customers-relay-standby", "customers", "standby", url(503, STANDBY), 13L),
            RunProcess.relay("orders-relay-standby", "orders", "standby", url(503, STANDBY), 14L));
    new RunProcesses(
            ProcessHandle.current().pid(),
            Instant.now(),
            3,
            Map.of("customer.events", 3, "order.events", 3, "outbox.backfill.events", 3),
            processes)
        .write(RunProcesses.under(home));
    return RunProcesses.under(home);
  }

  private RunProcess app(String name, String database, String topic, String partitions)
      throws IOException {
    String group = name.startsWith("order-app") ? "order-app" : "customer-app";
    return RunProcess.app(
        name, group, database, group + ".c", topic, url(200, app(partitions)), 20L);
  }

  private URI url(int status, String body) throws IOException {
    return URI.create(serve(status, body));
  }

  @Test
  void a_wide_run_shows_every_instance_role_and_partitions_and_its_relay_rules(@TempDir Path home)
      throws Exception {
    Path file = wideRun(home);
    Map<String, String> env =
        Map.of("OUTBOX_HOME", home.toString(), "OUTBOX_DB_PORT", Integer.toString(closedPort()));

    Run screen = status(env);
    assertThat(screen.exit()).isEqualTo(2);
    assertThat(screen.out())
        .containsPattern("  customers-relay +UP +http://127.0.0.1:\\d+   active\n")
        .containsPattern("  customers-relay-standby +STANDBY +http://127.0.0.1:\\d+   standby  ")
        .containsPattern(
            "  customer-app-2 +UP +http://127.0.0.1:\\d+   partitions order.events-2 \\(assigned"
                + " .* ago\\)   database UP; consumer UP, view age 200 ms")
        .containsPattern("  order-app-4 +UP +http://127.0.0.1:\\d+   partitions none ")
        .contains(
            "  note: order-app-4 holds no partitions (customer.events has 3 partitions, 4"
                + " instances)")
        .contains(
            "orders: no relay is active (orders-relay standby, orders-relay-standby standby);"
                + " nothing streams its outbox")
        .doesNotContain("customers-relay-standby reports")
        .doesNotContain("customers: no relay is active");

    Run json = status(env, "--json");
    JsonNode document = new ObjectMapper().readTree(json.out());
    assertThat(document.get("processesFile").asText()).isEqualTo(file.toString());
    assertThat(document.get("processes")).hasSize(10);
    JsonNode standby = document.get("processes").get(8);
    assertThat(standby.get("name").asText()).isEqualTo("customers-relay-standby");
    assertThat(standby.get("state").asText()).isEqualTo("DOWN");
    assertThat(standby.get("healthy").asBoolean()).isTrue();
    assertThat(standby.get("role").asText()).isEqualTo("standby");
    assertThat(standby.get("roleHint").asText()).isEqualTo("standby");
    assertThat(standby.get("kind").asText()).isEqualTo("relay");
    assertThat(standby.get("database").asText()).isEqualTo("customers");
    assertThat(standby.get("pid").asLong()).isEqualTo(13);
    JsonNode orderApp3 = document.get("processes").get(6);
    assertThat(orderApp3.get("app").asText()).isEqualTo("order-app");
    assertThat(orderApp3.get("partitions").get(1).asText()).isEqualTo("outbox.backfill.events-0");
    assertThat(orderApp3.get("assignedAt").asText()).isEqualTo("2026-12-02T14:00:00Z");
    assertThat(orderApp3.get("healthy").asBoolean()).isTrue();
    assertThat(document.get("notes").get(0).asText()).startsWith("order-app-4 holds no partitions");
    assertThat(document.get("problems").toString()).contains("orders: no relay is active");
  }

  @Test
  void an_explicit_url_or_a_run_that_is_gone_means_the_four_default_processes(@TempDir Path home)
      throws Exception {
    wideRun(home);
    String silent = "http://127.0.0.1:" + closedPort();
    Run screen =
        status(
            Map.of(
                "OUTBOX_HOME", home.toString(),
                "OUTBOX_DB_PORT", Integer.toString(closedPort())),
            "--order-app-url",
            silent);
    assertThat(screen.out()).contains("order-app ").doesNotContain("order-app-2");

    new RunProcesses(999_999_999L, Instant.now(), 3, Map.of(), List.of())
        .write(RunProcesses.under(home));
    Run gone =
        status(
            Map.of(
                "OUTBOX_HOME", home.toString(),
                "OUTBOX_DB_PORT", Integer.toString(closedPort())),
            "--json");
    JsonNode document = new ObjectMapper().readTree(gone.out());
    assertThat(document.get("processesFile").isNull()).isTrue();
    assertThat(document.get("processes")).hasSize(4);
    assertThat(document.get("processes").get(0).get("name").asText()).isEqualTo("customers-relay");
  }
}
