package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The route table on the real JDK server: matching, statuses, HEAD, OPTIONS, timers. */
class RouterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static PrometheusMeterRegistry registry;
  private static HttpService http;
  private static TestClient client;

  @BeforeAll
  static void start() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Routes routes =
        Routes.builder()
            .post("/things", request -> Response.json(201, request.jsonObject()))
            .get(
                "/things/{id}",
                request -> Response.json(200, Map.of("id", request.uuidParameter("id"))))
            .put("/things/{id}", request -> Response.json(200, Map.of("put", true)))
            .get("/things/special", request -> Response.json(200, Map.of("special", true)))
            .get(
                "/things/{id}/parts/{part}",
                request ->
                    Response.json(
                        200,
                        Map.of(
                            "id",
                            request.uuidParameter("id").toString(),
                            "part",
                            request.parameter("part"))))
            .get(
                "/outage",
                request -> {
                  throw new IllegalStateException(
                      "wrapped", new SQLTransientConnectionException("pool timeout"));
                })
            .get(
                "/bug",
                request -> {
                  throw new IllegalStateException("a bug");
                })
            .build();
    http =
        HttpService.builder("test", registry)
            .threads(2)
            .routes(routes)
            .unavailableWhen(
                failure ->
                    failure.getCause() instanceof SQLTransientConnectionException
                        ? Optional.of("the database is away")
                        : Optional.empty())
            .start();
    client = new TestClient(http.port());
  }

  @AfterAll
  static void stop() {
    http.close();
    registry.close();
  }

  private static String error(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body()).get("error").asText();
  }

  @Test
  void a_path_template_hands_the_handler_its_typed_parameters() throws Exception {
    UUID id = UUID.randomUUID();

    HttpResponse<String> response = client.send("GET", "/things/" + id + "/parts/wheel%20nut");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("id").asText()).isEqualTo(id.toString());
    assertThat(JSON.readTree(response.body()).get("part").asText()).isEqualTo("wheel nut");
  }

  @Test
  void a_literal_segment_wins_over_a_parameter() throws Exception {
    HttpResponse<String> response = client.send("GET", "/things/special");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"special\":true}");
  }

  @Test
  void a_bad_uuid_in_the_path_is_a_400_naming_the_parameter() throws Exception {
    HttpResponse<String> response = client.send("GET", "/things/42");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response))
        .isEqualTo("id: must be a UUID in lowercase 8-4-4-4-12 form, was '42'");
    assertThat(client.send("GET", "/things/" + UUID.randomUUID().toString().toUpperCase()))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(400);
  }

  @Test
  void an_unknown_path_is_a_json_404() throws Exception {
    for (String path : new String[] {"/nothing", "/things/", "/things//parts/x", "/"}) {
      HttpResponse<String> response = client.send("GET", path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(error(response)).isEqualTo("no such resource: " + path);
    }
  }

  @Test
  void a_known_path_with_another_method_is_a_405_with_the_allowed_methods() throws Exception {
    HttpResponse<String> response = client.send("DELETE", "/things/" + UUID.randomUUID());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, PUT, OPTIONS");
    assertThat(error(response))
        .isEqualTo(
            "method DELETE is not allowed on /things/{id}; allowed: GET, HEAD, PUT, OPTIONS");
    assertThat(client.send("GET", "/things").headers().firstValue("Allow"))
        .hasValue("POST, OPTIONS");
  }

  @Test
  void options_lists_the_methods_of_the_path() throws Exception {
    HttpResponse<String> response = client.send("OPTIONS", "/things/" + UUID.randomUUID());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, PUT, OPTIONS");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"allow\":[\"GET\",\"HEAD\",\"PUT\",\"OPTIONS\"]}");
    assertThat(client.send("OPTIONS", "/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void head_answers_the_headers_of_get_without_a_body() {
    HttpResponse<String> found = client.send("HEAD", "/things/" + UUID.randomUUID());
    HttpResponse<String> missing = client.send("HEAD", "/nothing");
    HttpResponse<String> notAllowed = client.send("HEAD", "/things");

    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(found.body()).isEmpty();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(missing.body()).isEmpty();
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertThat(notAllowed.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
  }

  @Test
  void the_request_timer_is_tagged_with_the_route_template_never_the_raw_path() {
    UUID id = UUID.randomUUID();
    client.send("GET", "/things/" + id);
    client.send("GET", "/things/" + UUID.randomUUID());
    client.send("GET", "/no/such/" + id);

    // The server records a request's timer once the response is sent, so the client may read
    // the response first.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Timer byTemplate =
                  registry
                      .find("http.server.requests")
                      .tags("method", "GET", "route", "/things/{id}", "status", "200")
                      .timer();
              assertThat(byTemplate).isNotNull();
              assertThat(byTemplate.count()).isGreaterThanOrEqualTo(2);
              assertThat(
                      registry
                          .find("http.server.requests")
                          .tags("route", Router.UNMATCHED, "status", "404")
                          .timer())
                  .isNotNull();
            });
    assertThat(registry.find("http.server.requests").timers())
        .allSatisfy(
            timer -> assertThat(timer.getId().getTag("route")).doesNotContain(id.toString()));
  }

  @Test
  void a_recognised_outage_is_a_503_with_retry_after_and_a_bug_is_a_500() throws Exception {
    HttpResponse<String> outage = client.send("GET", "/outage");
    HttpResponse<String> bug = client.send("GET", "/bug");

    assertThat(outage.statusCode()).isEqualTo(503);
    assertThat(outage.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(error(outage)).isEqualTo("the database is away");
    assertThat(bug.statusCode()).isEqualTo(500);
    assertThat(error(bug)).isEqualTo("internal error");
    assertThat(bug.body()).doesNotContain("a bug");
  }

  @Test
  void a_body_that_is_not_declared_json_is_a_415() throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> text = client.send("POST", "/things", "text/plain", body);
    HttpResponse<String> none = client.send("POST", "/things", null, body);
    HttpResponse<String> latin1 =
        client.send("POST", "/things", "application/json; charset=ISO-8859-1", body);
    HttpResponse<String> utf8 =
        client.send("POST", "/things", "application/json; charset=\"UTF-8\"", body);

    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(error(text)).isEqualTo("Content-Type: must be application/json, was text/plain");
    assertThat(none.statusCode()).isEqualTo(415);
    assertThat(error(none)).isEqualTo("Content-Type: must be application/json, was not set");
    assertThat(latin1.statusCode()).isEqualTo(415);
    assertThat(error(latin1)).startsWith("Content-Type: the charset must be utf-8");
    assertThat(utf8.statusCode()).isEqualTo(201);
  }

  @Test
  void a_body_over_the_limit_is_a_413() throws Exception {
    byte[] big = ("{\"a\":\"" + "x".repeat(JsonBodies.MAX_BODY_BYTES) + "\"}").getBytes();

    HttpResponse<String> response = client.send("POST", "/things", "application/json", big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response)).isEqualTo("request body is larger than 65536 bytes");
  }

  @Test
  void health_and_metrics_are_routes_of_their_own() throws Exception {
    HttpResponse<String> health = client.send("GET", "/health");
    HttpResponse<String> metrics = client.send("GET", "/metrics");
    HttpResponse<String> postHealth = client.send("POST", "/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{}}");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body()).contains("http_server_requests_seconds");
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(error(postHealth)).contains("not allowed on /health");
  }
}
