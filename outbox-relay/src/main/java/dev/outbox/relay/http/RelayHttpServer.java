package dev.outbox.relay.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outbox.relay.health.HealthReport;
import dev.outbox.relay.health.RelayHealth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /health} (200 only when streaming and Kafka is reachable, else 503; JSON either way)
 * and {@code GET /metrics} (Prometheus text), on the JDK's own HTTP server.
 */
public final class RelayHttpServer implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private RelayHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static RelayHttpServer start(
      int port, RelayHealth health, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "RELAY_HTTP_PORT " + port + " cannot be bound: " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "outbox-relay-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/health",
        exchange -> {
          if (allowGet(exchange)) {
            HealthReport report = health.report();
            respond(exchange, report.healthy() ? 200 : 503, "application/json", report.toJson());
          }
        });
    server.createContext(
        "/metrics",
        exchange -> {
          if (allowGet(exchange)) {
            respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
          }
        });
    server.start();
    return new RelayHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static boolean allowGet(HttpExchange exchange) throws IOException {
    if ("GET".equals(exchange.getRequestMethod())) {
      return true;
    }
    exchange.getResponseHeaders().add("Allow", "GET");
    respond(exchange, 405, "application/json", "{\"error\":\"only GET is supported\"}");
    return false;
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
