package dev.outbox.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.health.AppUrls;
import dev.outbox.cli.health.RelayUrls;
import dev.outbox.cli.status.HealthRules;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console against the real databases and Kafka of the test stack, on a free port. The relays
 * are not running (their URL refuses connections): the overview must still answer, with their boxes
 * down and the failure in its problems. order-app is a stand-in that serves what the console asks
 * of the real one: {@code /health}, {@code /metrics} and the dead-letter admin API (replay marks
 * the row REPLAYED as the real app does after applying it).
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleServerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "it-token-0123";
  private static final String CONSUMER = "order-app.customer-replica";

  private OutboxStack stack;
  private DbOptions db;
  private HttpServer orderApp;
  private Console console;
  private URI uri;
  private final String aggregate = UUID.randomUUID().toString();
  private final UUID parked = UUID.randomUUID();
  private final UUID blocked = UUID.randomUUID();
  private final UUID relayedEvent = UUID.randomUUID();

  @BeforeAll
  void start(OutboxStack stack) throws Exception {
    this.stack = stack;
    DbLogin admin = stack.postgres().admin();
    db =
        DbOptions.of(
            stack.postgres().host(), stack.postgres().port(), admin.user(), admin.password());
    orderApp = standInOrderApp();
    URI app = URI.create("http://127.0.0.1:" + orderApp.getAddress().getPort());
    URI nowhere = URI.create("http://127.0.0.1:" + freePort());
    Console.Platform platform =
        new Console.Platform(
            db,
            AppUrls.of(nowhere, app),
            RelayUrls.of(nowhere, nowhere),
            null,
            null,
            stack.kafkaBootstrapServers(),
            new HealthRules(16_777_216, Duration.ofSeconds(60)),
            Duration.ZERO,
            1000);
    console =
        Console.start(
            platform,
            new ConsoleServer.Settings(
                InetAddress.getLoopbackAddress(), 0, TOKEN, false, "dev/outbox/cli/console-test/"),
            Clock.systemUTC());
    uri = console.uri();
  }

  @AfterAll
  void stop() throws SQLException {
    if (console != null) {
      console.close();
    }
    if (orderApp != null) {
      orderApp.stop(0);
    }
    execute(
        ServiceDatabase.ORDERS,
        "DELETE FROM dead_letter WHERE aggregate_id = '"
            + aggregate
            + "' AND blocked_by IS NOT NULL");
    execute(
        ServiceDatabase.ORDERS, "DELETE FROM dead_letter WHERE aggregate_id = '" + aggregate + "'");
    execute(ServiceDatabase.ORDERS, "DELETE FROM inbox WHERE event_id = '" + relayedEvent + "'");
    execute(ServiceDatabase.CUSTOMERS, "DELETE FROM outbox WHERE id = '" + relayedEvent + "'");
  }

  @Test
  void the_overview_shows_every_box_and_chart_and_lists_the_sources_that_fail() throws Exception {
    JsonNode overview =
        await()
            .until(() -> get("/api/overview").json(), o -> o.path("flow").path("boxes").size() > 0);

    assertThat(overview.get("actionsEnabled").asBoolean()).isTrue();
    assertThat(overview.get("generatedAt").asText()).endsWith("Z");
    Map<String, String> states = new LinkedHashMap<>();
    overview
        .get("flow")
        .get("boxes")
        .forEach(b -> states.put(b.get("id").asText(), b.get("state").asText()));
    assertThat(states)
        .containsEntry("database:customers", "healthy")
        .containsEntry("database:orders", "healthy")
        .containsEntry("relay:customers", "down")
        .containsEntry("relay:orders", "down")
        .containsKeys("consumer:" + CONSUMER)
        .containsKeys("topic:customer.events", "topic:order.events");
    // Lagging while another test's event is parked.
    assertThat(states.get("consumer:" + CONSUMER)).isIn("healthy", "lagging");
    List<String> charts = overview.get("charts").findValuesAsText("id");
    assertThat(charts)
        .containsExactly(
            "outbox-writes",
            "relay-events",
            "relay-lag-bytes",
            "relay-lag-seconds",
            "wal-held",
            "freshness",
            "applied");
    assertThat(overview.get("problems").toString())
        .contains("customers-relay: /health did not answer (connection refused)")
        .contains("customer-app: /health did not answer");
    assertThat(overview.get("flow").get("arrows").toString())
        .contains(
            "{\"from\":\"topic:customer.events\",\"to\":\"consumer:" + CONSUMER + "\",\"rate\":");
  }

  @Test
  void a_parked_event_is_listed_with_what_waits_behind_it_and_replayed_only_with_the_token()
      throws Exception {
    long root = park(parked, "PARKED", null, "customer unknown");
    park(blocked, "BLOCKED", root, null);

    JsonNode letter =
        await().until(() -> deadLetter(get("/api/overview").json(), parked), l -> l != null);
    assertThat(letter.get("status").asText()).isEqualTo("PARKED");
    assertThat(letter.get("blockedBehind").asLong()).isEqualTo(1);
    assertThat(letter.get("database").asText()).isEqualTo("orders");
    assertThat(letter.get("consumer").asText()).isEqualTo(CONSUMER);
    assertThat(letter.get("error").asText()).isEqualTo("customer unknown");
    assertThat(deadLetter(get("/api/overview").json(), blocked).get("status").asText())
        .isEqualTo("BLOCKED");

    String replay = "/api/dead-letters/orders/" + CONSUMER + "/" + parked + "/replay";
    Answer refused = post(replay, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("error").asText()).contains("X-Outbox-Console-Token");
    assertThat(post(replay, "wrong").status()).isEqualTo(403);
    assertThat(statusOf(parked)).isEqualTo("PARKED");

    Answer blockedReplay =
        post("/api/dead-letters/orders/" + CONSUMER + "/" + blocked + "/replay", TOKEN);
    assertThat(blockedReplay.status()).isEqualTo(409);
    assertThat(blockedReplay.json().get("error").asText()).contains("BLOCKED, not PARKED");

    Answer done = post(replay, TOKEN);
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.json().get("result").asText())
        .isEqualTo("replayed " + parked + " for " + CONSUMER + ": applied");
    assertThat(statusOf(parked)).isEqualTo("REPLAYED");
    assertThat(post(replay, TOKEN).status()).isEqualTo(409);
    Answer unknown =
        post("/api/dead-letters/orders/" + CONSUMER + "/" + UUID.randomUUID() + "/discard", TOKEN);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).contains("has no dead letter of event");
  }

  @Test
  void the_trail_merges_both_databases_and_adds_the_kafka_record_timestamp() throws Exception {
    String topic = "console-it." + UUID.randomUUID().toString().substring(0, 8);
    RecordMetadata record = produce(topic);
    execute(
        ServiceDatabase.CUSTOMERS,
        "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type, payload,"
            + " occurred_at) VALUES ('"
            + relayedEvent
            + "', 'customer', '"
            + aggregate
            + "', 1, 'CustomerCreated', '{}', now() - interval '1 second')");
    execute(
        ServiceDatabase.ORDERS,
        "INSERT INTO inbox (consumer, event_id, aggregate_type, aggregate_id, aggregate_version,"
            + " event_type, topic, kafka_partition, kafka_offset) VALUES ('"
            + CONSUMER
            + "', '"
            + relayedEvent
            + "', 'customer', '"
            + aggregate
            + "', 1, 'CustomerCreated', '"
            + topic
            + "', "
            + record.partition()
            + ", "
            + record.offset()
            + ")");

    JsonNode trail = get("/api/trail?q=" + relayedEvent).json();

    assertThat(trail.get("query").asText()).isEqualTo(relayedEvent.toString());
    JsonNode event = trail.get("events").get(0);
    assertThat(event.get("eventType").asText()).isEqualTo("CustomerCreated");
    assertThat(event.get("aggregateId").asText()).isEqualTo(aggregate);
    assertThat(event.get("steps").findValuesAsText("step"))
        .containsExactly("written", "relayed", "received");
    JsonNode relayed = event.get("steps").get(1);
    assertThat(relayed.get("actor").asText())
        .isEqualTo(topic + "[" + record.partition() + "]@" + record.offset());
    assertThat(relayed.get("database").asText()).isEqualTo("customers");
    assertThat(event.get("steps").get(2).get("database").asText()).isEqualTo("orders");
    assertThat(event.get("steps").get(0).get("sinceWrittenMs").asLong()).isZero();
    assertThat(trail.get("problems")).isEmpty();

    JsonNode byAggregate = get("/api/trail?q=" + aggregate).json();
    assertThat(byAggregate.get("events").findValuesAsText("eventId"))
        .contains(relayedEvent.toString());
    assertThat(get("/api/trail?q=" + UUID.randomUUID()).json().get("events")).isEmpty();
  }

  @Test
  void bad_requests_get_a_sentence_with_their_status() throws Exception {
    assertThat(get("/api/trail").status()).isEqualTo(400);
    Answer notUuid = get("/api/trail?q=12345");
    assertThat(notUuid.status()).isEqualTo(400);
    assertThat(notUuid.json().get("error").asText()).contains("UUID");
    Answer missing = get("/api/nothing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).contains("/api/nothing");
    Answer wrongMethod = post("/api/overview", null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers()).containsIgnoringCase("Allow: GET");
    assertThat(get("/api/verify").json().has("run")).isTrue();
    Answer page = get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("console test page");
    assertThat(page.headers()).containsIgnoringCase("Content-Type: text/html; charset=utf-8");
    assertThat(get("/console.js").status()).isEqualTo(404);
    Answer overview = get("/api/overview");
    assertThat(overview.headers())
        .containsIgnoringCase("Content-Type: application/json; charset=utf-8")
        .containsIgnoringCase("Cache-Control: no-store");
  }

  @Test
  void a_request_for_another_host_or_from_another_origin_is_refused() throws Exception {
    Answer rebound =
        request("GET", "/api/overview", Map.of("Host", "evil.example:" + uri.getPort()));
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(rebound.json().get("error").asText()).contains("evil.example");
    Answer crossSite =
        request(
            "POST",
            "/api/dead-letters/orders/" + CONSUMER + "/" + parked + "/discard",
            Map.of("Origin", "http://evil.example", "X-Outbox-Console-Token", TOKEN));
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(crossSite.json().get("error").asText()).contains("another site");
    assertThat(
            request("GET", "/api/overview", Map.of("Host", "localhost:" + uri.getPort())).status())
        .isEqualTo(200);
  }

  @Test
  void a_verify_run_starts_in_the_background_once_at_a_time() throws Exception {
    Answer started = post("/api/verify", null);
    assertThat(started.status()).isIn(202, 409);
    JsonNode run =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> get("/api/verify").json().get("run"),
                r -> r.path("state").asText().equals("done"));
    assertThat(run.get("startedAt").asText()).endsWith("Z");
    assertThat(run.get("replicas").get(0).get("verdict").asText())
        .isIn("MATCH", "DIFFERENT", "ERROR");
    assertThat(run.get("replicas").get(0).get("replica").asText()).isNotBlank();
  }

  // ---- helpers

  record Answer(int status, String headers, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private Answer get(String path) throws IOException {
    return request("GET", path, Map.of());
  }

  private Answer post(String path, String token) throws IOException {
    return request(
        "POST", path, token == null ? Map.of() : Map.of("X-Outbox-Console-Token", token));
  }

  /** Over a plain socket: java.net.http does not let a test set Host. */
  private Answer request(String method, String path, Map<String, String> headers)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", "127.0.0.1:" + uri.getPort());
    all.putAll(headers);
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    all.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = answer.indexOf("\r\n\r\n");
      String head = answer.substring(0, split);
      String body = answer.substring(split + 4);
      int status = Integer.parseInt(head.split(" ")[1]);
      // The JDK server sends fixed-length bodies here; a chunked one would need decoding.
      return new Answer(status, head, body);
    }
  }

  private static JsonNode deadLetter(JsonNode overview, UUID eventId) {
    for (JsonNode l : overview.path("deadLetters")) {
      if (l.path("eventId").asText().equals(eventId.toString())) {
        return l;
      }
    }
    return null;
  }

  private long park(UUID eventId, String status, Long blockedBy, String error) throws SQLException {
    try (Connection c = connect(ServiceDatabase.ORDERS);
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO dead_letter (consumer, event_id, aggregate_type, aggregate_id,"
                    + " aggregate_version, event_type, topic, kafka_partition, kafka_offset, status,"
                    + " attempts, error, blocked_by) VALUES (?, ?, 'customer', ?, ?, 'CustomerUpdated',"
                    + " 'customer.events', 0, ?, ?, 3, ?, ?) RETURNING id")) {
      st.setString(1, CONSUMER);
      st.setObject(2, eventId);
      st.setString(3, aggregate);
      st.setLong(4, blockedBy == null ? 2 : 3);
      st.setLong(5, ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
      st.setString(6, status);
      st.setString(7, error);
      st.setObject(8, blockedBy);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private String statusOf(UUID eventId) throws SQLException {
    try (Connection c = connect(ServiceDatabase.ORDERS);
        PreparedStatement st =
            c.prepareStatement("SELECT status FROM dead_letter WHERE event_id = ?")) {
      st.setObject(1, eventId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void execute(ServiceDatabase database, String sql) throws SQLException {
    try (Connection c = connect(database)) {
      c.createStatement().execute(sql);
    }
  }

  private Connection connect(ServiceDatabase database) throws SQLException {
    return db.connect(database);
  }

  private RecordMetadata produce(String topic) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      return producer.send(new ProducerRecord<>(topic, aggregate, "{}")).get();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** What the console asks of order-app, answered from the orders database's dead_letter table. */
  private HttpServer standInOrderApp() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext(
        "/",
        exchange -> {
          try {
            answer(exchange);
          } catch (SQLException e) {
            reply(exchange, 500, "{\"error\":\"" + e.getMessage().replace('"', '\'') + "\"}");
          }
        });
    server.start();
    return server;
  }

  private void answer(HttpExchange exchange) throws IOException, SQLException {
    String path = exchange.getRequestURI().getPath();
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    if (path.equals("/health")) {
      reply(
          exchange,
          200,
          "{\"status\":\"UP\",\"checks\":{\"database\":{\"status\":\"UP\"},\"consumer\":{\"status\":\"UP\"}}}");
      return;
    }
    if (path.equals("/metrics")) {
      reply(exchange, 200, "outbox_consumer_applied_total{consumer=\"" + CONSUMER + "\",} 7.0\n");
      return;
    }
    String[] parts = path.split("/");
    long id = Long.parseLong(parts[2]);
    String consumer = null;
    String status = null;
    String eventId = null;
    try (Connection c = connect(ServiceDatabase.ORDERS);
        PreparedStatement st =
            c.prepareStatement("SELECT consumer, status, event_id FROM dead_letter WHERE id = ?")) {
      st.setLong(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) {
          consumer = rs.getString(1);
          status = rs.getString(2);
          eventId = rs.getString(3);
        }
      }
    }
    if (consumer == null) {
      reply(exchange, 404, "{\"error\":\"dead letter " + id + " of consumer " + CONSUMER + "\"}");
    } else if (parts.length == 3) {
      reply(
          exchange,
          200,
          "{\"id\":"
              + id
              + ",\"consumer\":\""
              + consumer
              + "\",\"status\":\""
              + status
              + "\",\"eventId\":\""
              + eventId
              + "\"}");
    } else if (!status.equals("PARKED")) {
      reply(exchange, 409, "{\"error\":\"dead letter " + id + " is " + status + ", not PARKED\"}");
    } else {
      execute(
          ServiceDatabase.ORDERS,
          "UPDATE dead_letter SET status = 'REPLAYED', resolved_at = now() WHERE id = " + id);
      reply(exchange, 200, "{\"resolved\":[" + id + "],\"parked\":null}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
