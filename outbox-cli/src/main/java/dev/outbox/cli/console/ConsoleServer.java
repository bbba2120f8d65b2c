package dev.outbox.cli.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outbox.cli.dlq.DeadLetterResolver;
import dev.outbox.cli.status.HealthRules;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server (JDK {@code com.sun.net.httpserver}): its page's static files from a
 * class path folder and the API of docs/console.md. Every request passes the {@link RequestGuard}
 * first; every JSON answer is {@code application/json; charset=utf-8} and {@code no-store}; every
 * error is {@code {"error": "<sentence>"}}.
 */
public final class ConsoleServer implements AutoCloseable {

  /** The class path folder of the page in the operator jar. */
  public static final String ASSETS = "dev/outbox/cli/console/";

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final Map<String, String> PAGE =
      Map.of(
          "/", "index.html",
          "/console.css", "console.css",
          "/console.js", "console.js",
          "/favicon.svg", "favicon.svg");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml");

  /** A request as the routes see it. */
  record Request(String method, URI uri, String token) {

    /** A query parameter, decoded; null when absent. */
    String query(String name) {
      String raw = uri.getRawQuery();
      if (raw == null) {
        return null;
      }
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }

  /** An answer: a JSON value, or the bytes of a file with their type. */
  record Reply(int status, Object json, byte[] bytes, String type) {

    static Reply json(int status, Object value) {
      return new Reply(status, value, null, null);
    }

    static Reply error(int status, String sentence) {
      return json(status, Map.of("error", sentence));
    }
  }

  /**
   * How the console is set up.
   *
   * @param bind the address it listens on
   * @param port its port (0: any free one)
   * @param token the actions' token, or {@code null}
   * @param readOnly refuse every action
   * @param assets the class path folder of the page, ending in {@code /}
   */
  public record Settings(
      InetAddress bind, int port, String token, boolean readOnly, String assets) {}

  private final Settings settings;
  private final Sampler sampler;
  private final HealthRules rules;
  private final Trail trail;
  private final VerifyRuns verify;
  private final DeadLetterActions actions;
  private final Clock clock;
  private final Routes routes;
  private HttpServer server;
  private ExecutorService executor;
  private RequestGuard guard;

  ConsoleServer(
      Settings settings,
      Sampler sampler,
      HealthRules rules,
      Trail trail,
      VerifyRuns verify,
      DeadLetterActions actions,
      Clock clock) {
    this.settings = settings;
    this.sampler = sampler;
    this.rules = rules;
    this.trail = trail;
    this.verify = verify;
    this.actions = actions;
    this.clock = clock;
    Routes table = new Routes();
    PAGE.forEach((path, file) -> table.get(path, (r, p) -> asset(file)));
    this.routes =
        table
            .get("/api/overview", (r, p) -> overview())
            .get("/api/trail", (r, p) -> trail(r))
            .get("/api/verify", (r, p) -> Reply.json(200, verifyRun()))
            .post("/api/verify", (r, p) -> startVerify())
            .post("/api/dead-letters/{database}/{consumer}/{eventId}/{action}", this::resolve);
  }

  /** Listens; returns at once. */
  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 50);
    guard =
        new RequestGuard(
            settings.bind(), server.getAddress().getPort(), settings.token(), settings.readOnly());
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "console-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
    server.start();
    LOG.info("console - listening on {}", uri());
  }

  /** Where it answers, such as {@code http://127.0.0.1:8090}. */
  public URI uri() {
    String host = settings.bind().getHostAddress();
    if (settings.bind().isAnyLocalAddress()) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + server.getAddress().getPort());
  }

  private void exchange(HttpExchange exchange) throws IOException {
    Reply reply;
    try {
      reply = answer(exchange);
    } catch (RuntimeException e) {
      LOG.warn(
          "console - {} {} failed",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          e);
      reply = Reply.error(500, "the console failed to answer: " + e.getMessage());
    }
    send(exchange, reply);
  }

  private Reply answer(HttpExchange exchange) {
    String refusal =
        guard.refusal(
            exchange.getRequestHeaders().getFirst("Host"),
            exchange.getRequestHeaders().getFirst("Origin"));
    if (refusal != null) {
      return Reply.error(403, refusal);
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Routes.Match match = routes.match(method, path);
    if (match == null) {
      return Reply.error(
          404, "no such page or API: " + path + " (the API is described in docs/console.md)");
    }
    if (match.handler() == null) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", match.allowed()));
      return Reply.error(
          405,
          method
              + " is not allowed on "
              + path
              + "; it takes "
              + String.join(", ", match.allowed()));
    }
    Request request =
        new Request(
            method,
            exchange.getRequestURI(),
            exchange.getRequestHeaders().getFirst("X-Outbox-Console-Token"));
    return match.handler().handle(request, match.parameters());
  }

  private Reply overview() {
    return Reply.json(
        200, Overview.of(sampler.samples(), rules, guard.actionsEnabled(), clock.instant()));
  }

  private Reply trail(Request request) {
    String q = request.query("q");
    if (q == null || q.isBlank()) {
      return Reply.error(400, "give an event id or an aggregate id: /api/trail?q=<uuid>");
    }
    UUID id;
    try {
      id = uuid(q.strip());
    } catch (IllegalArgumentException e) {
      return Reply.error(400, "q must be an event id or an aggregate id (a UUID), was '" + q + "'");
    }
    return Reply.json(200, trail.of(id));
  }

  private Map<String, Object> verifyRun() {
    Map<String, Object> answer = new LinkedHashMap<>();
    VerifyRuns.Run run = verify.last();
    if (run == null) {
      answer.put("run", null);
    } else {
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("state", run.state());
      shown.put("startedAt", run.startedAt());
      if (run.state().equals("done")) {
        shown.put("finishedAt", run.finishedAt());
        shown.put("replicas", run.replicas());
      }
      answer.put("run", shown);
    }
    return answer;
  }

  private Reply startVerify() {
    if (!verify.start()) {
      return Reply.error(409, "a verify run is in progress; wait for its result (GET /api/verify)");
    }
    return Reply.json(202, Map.of("started", true));
  }

  private Reply resolve(Request request, Map<String, String> p) {
    DeadLetterResolver.Action action = DeadLetterResolver.Action.of(p.get("action"));
    if (action == null) {
      return Reply.error(
          404, "no such action '" + p.get("action") + "' on a dead letter: replay or discard");
    }
    String refusal = guard.actionRefusal(request.token());
    if (refusal != null) {
      return Reply.error(403, refusal);
    }
    ServiceDatabase database;
    try {
      database = ServiceDatabase.byName(p.get("database"));
    } catch (IllegalArgumentException e) {
      return Reply.error(404, e.getMessage());
    }
    UUID eventId;
    try {
      eventId = uuid(p.get("eventId"));
    } catch (IllegalArgumentException e) {
      return Reply.error(400, "the event id must be a UUID, was '" + p.get("eventId") + "'");
    }
    DeadLetterActions.Result result = actions.resolve(database, p.get("consumer"), eventId, action);
    if (result.status() == 200) {
      LOG.info("console - {}", result.sentence());
      return Reply.json(200, Map.of("result", result.sentence()));
    }
    return Reply.error(result.status(), result.sentence());
  }

  private Reply asset(String file) {
    String resource = settings.assets() + file;
    try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Reply.error(404, "the console's page (" + file + ") is not in this build");
      }
      String extension = file.substring(file.lastIndexOf('.') + 1);
      return new Reply(
          200, null, in.readAllBytes(), TYPES.getOrDefault(extension, "application/octet-stream"));
    } catch (IOException e) {
      return Reply.error(
          500, "the console's page (" + file + ") cannot be read: " + e.getMessage());
    }
  }

  /** A UUID in its canonical form only ({@link UUID#fromString} takes shorter groups). */
  static UUID uuid(String text) {
    if (text == null
        || !text.matches(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      throw new IllegalArgumentException("not a UUID: " + text);
    }
    return UUID.fromString(text);
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body;
    String type;
    if (reply.bytes() != null) {
      body = reply.bytes();
      type = reply.type();
    } else {
      try {
        body = JSON.writeValueAsBytes(reply.json());
      } catch (JsonProcessingException e) {
        body =
            "{\"error\":\"the console could not write its answer\"}"
                .getBytes(StandardCharsets.UTF_8);
      }
      type = "application/json; charset=utf-8";
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", type);
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
