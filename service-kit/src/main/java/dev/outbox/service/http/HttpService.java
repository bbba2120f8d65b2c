package dev.outbox.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A service's HTTP server (the JDK's): the service's own routes plus {@code GET /health}, {@code
 * GET /metrics} and a JSON 404 for every other path. Closing it stops it.
 */
public final class HttpService implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpService(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Listens on {@code port} (0 picks a free one) with {@code threads} request threads.
   *
   * @param name names the request threads ({@code <name>-http})
   * @param health the checks {@code /health} runs, by name
   * @param routes the service's endpoints by path prefix, such as {@code /customers}
   * @throws UncheckedIOException when it cannot listen on the port
   */
  public static HttpService start(
      String name,
      int port,
      int threads,
      PrometheusMeterRegistry registry,
      Map<String, BooleanSupplier> health,
      Map<String, HttpHandler> routes) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on HTTP port " + port, e);
    }
    routes.forEach(server::createContext);
    server.createContext(HealthEndpoint.PATH, new HealthEndpoint(health, registry));
    server.createContext(MetricsEndpoint.PATH, new MetricsEndpoint(registry));
    server.createContext(
        "/",
        new JsonEndpoint("other", registry) {
          @Override
          protected Response serve(HttpExchange exchange) {
            throw new NotFoundException(exchange.getRequestURI().getPath());
          }
        });
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new HttpService(server, executor);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests, lets those in flight finish for up to a second, then stops. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
