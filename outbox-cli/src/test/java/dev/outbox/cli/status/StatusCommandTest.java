package dev.outbox.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.outbox.cli.OutboxCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
}
