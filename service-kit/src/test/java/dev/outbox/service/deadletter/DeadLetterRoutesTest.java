package dev.outbox.service.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetters;
import dev.outbox.client.deadletter.Reapplier;
import dev.outbox.service.db.DatabaseOutages;
import dev.outbox.service.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The routes of the dead-letter API that need no dead letters, served over a database that is not
 * there (a port nothing listens on): what reaches the database answers 503, the rest is refused
 * before it. The real dead letters are exercised by the apps' integration tests.
 */
class DeadLetterRoutesTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static HttpService http;

  @BeforeAll
  static void start() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    PGSimpleDataSource away = new PGSimpleDataSource();
    away.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/nowhere");
    away.setUser("nobody");
    away.setConnectTimeout(2);
    DSLContext dsl = DSL.using(away, SQLDialect.POSTGRES);
    DeadLetters deadLetters = DeadLetters.create(dsl, "test.consumer", new FailingReapplier());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    http =
        HttpService.builder("test", registry)
            .threads(2)
            .routes(DeadLetterRoutes.of(deadLetters))
            .unavailableWhen(new DatabaseOutages("test", java.time.Clock.systemUTC()))
            .start();
  }

  @AfterAll
  static void stop() {
    http.close();
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listing_answers_503_with_retry_after_when_the_database_is_away() throws Exception {
    HttpResponse<String> response = send("GET", "/dead-letters");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.body())
        .isEqualTo("{\"error\":\"test's database is unavailable; try again shortly\"}");
  }

  @Test
  void replay_and_discard_answer_503_when_the_database_is_away() throws Exception {
    assertThat(send("POST", "/dead-letters/1/replay").statusCode()).isEqualTo(503);
    assertThat(send("POST", "/dead-letters/1/discard").statusCode()).isEqualTo(503);
  }

  @Test
  void an_id_that_is_not_a_positive_number_is_a_400() throws Exception {
    HttpResponse<String> response = send("POST", "/dead-letters/abc/replay");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("id: must be a positive whole number, was 'abc'");
  }

  @Test
  void replay_and_discard_accept_only_post_and_the_list_only_get() throws Exception {
    HttpResponse<String> replay = send("GET", "/dead-letters/1/replay");
    HttpResponse<String> discard = send("PUT", "/dead-letters/1/discard");
    HttpResponse<String> list = send("POST", "/dead-letters");

    assertThat(replay.statusCode()).isEqualTo(405);
    assertThat(replay.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(discard.statusCode()).isEqualTo(405);
    assertThat(list.statusCode()).isEqualTo(405);
    assertThat(list.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(list.body()).contains("\"error\":");
  }

  @Test
  void other_paths_under_dead_letters_are_a_404() throws Exception {
    assertThat(send("POST", "/dead-letters/1/retry").statusCode()).isEqualTo(404);
    assertThat(send("POST", "/dead-letters/1/replay/now").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/dead-letters//replay").statusCode()).isEqualTo(404);
  }

  /** Never reached: every test fails before a replay would apply anything. */
  private static final class FailingReapplier implements Reapplier {
    @Override
    public void reapply(DSLContext tx, DeadLetter letter) {
      throw new AssertionError("no dead letter can be replayed without a database");
    }

    @Override
    public boolean isTransient(Throwable failure) {
      return false;
    }
  }
}
