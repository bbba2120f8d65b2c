package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.Admin;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health and metrics over HTTP, and what is counted rather than published. */
@ExtendWith(OutboxStackExtension.class)
class HttpEndpointsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final OutboxStack stack;
  private final RelayFixture fixture;

  HttpEndpointsIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void health_is_up_while_streaming_and_metrics_count_what_was_relayed_or_ignored()
      throws Exception {
    String type = "http" + StreamingIT.suffix();
    Admin admin = fixture.admin();
    OutboxRow row = OutboxRow.of(type, "h-1", 1);

    try (Relay relay =
            fixture.startStreaming(fixture.environment(RelayFixture.uniqueSlot("http")));
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      await().atMost(Duration.ofMinutes(2)).until(() -> get(relay, "/health").statusCode() == 200);
      HttpResponse<String> health = get(relay, "/health");
      assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(health.body()).contains("\"status\":\"UP\"", "\"role\":\"active\"");

      fixture.writer().commit(List.of(row));
      // A DBA's update and delete of an outbox row: counted, never published.
      admin.execute("UPDATE outbox SET trace_parent = 'x' WHERE id = ?::uuid", row.id().toString());
      admin.execute("DELETE FROM outbox WHERE id = ?::uuid", row.id().toString());
      reader.awaitAtLeast(1, Duration.ofSeconds(30));

      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () ->
                  assertThat(get(relay, "/metrics").body())
                      .contains(
                          "outbox_relay_events_total{topic=\""
                              + type
                              + ".events\",type=\"TestHappened\"} 1.0",
                          "outbox_relay_ignored_changes_total{kind=\"update\"}",
                          "outbox_relay_ignored_changes_total{kind=\"delete\"}",
                          "outbox_relay_commit_to_ack_seconds_bucket",
                          "outbox_relay_kafka_send_seconds_count",
                          "outbox_relay_batches_total",
                          "outbox_relay_slot_lag_bytes",
                          "outbox_relay_lag_seconds",
                          "outbox_relay_wal_retained_bytes",
                          "outbox_relay_heartbeat_age_seconds",
                          "outbox_relay_errors_total{kind=\"kafka_stall\"}",
                          "outbox_relay_errors_total{kind=\"retention\"}",
                          "outbox_relay_topics_total",
                          "outbox_relay_last_event_age_seconds",
                          "outbox_relay_role{role=\"active\"} 1.0",
                          "outbox_relay_role{role=\"standby\"} 0.0"));
      reader.assertStaysAt(1, Duration.ofSeconds(1));

      HttpResponse<String> post =
          HTTP.send(
              HttpRequest.newBuilder(uri(relay, "/health"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  private static HttpResponse<String> get(Relay relay, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri(relay, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(Relay relay, String path) {
    return URI.create("http://127.0.0.1:" + relay.httpPort() + path);
  }
}
