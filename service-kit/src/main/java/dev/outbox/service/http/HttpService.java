package dev.outbox.service.http;

import com.sun.net.httpserver.HttpServer;
import dev.outbox.service.health.HealthCheck;
import dev.outbox.service.health.HealthReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's HTTP server (the JDK's) serving one route table: the service's own routes plus {@code
 * GET /health} (the {@link HealthReport} of its checks) and {@code GET /metrics} (Prometheus).
 * Closing it stops it.
 *
 * <p>Its connections have Nagle's algorithm off ({@code TCP_NODELAY}), so that a request on a
 * kept-alive connection is answered as fast as one on a new connection: starting it sets the JDK
 * server's system property {@code sun.net.httpserver.nodelay} to {@code true} unless it is set
 * already (an explicit {@code -Dsun.net.httpserver.nodelay=false} wins, and is logged). The JDK
 * reads that property once, for every server of the JVM, when the first one is created: a {@code
 * com.sun.net.httpserver.HttpServer} that the JVM created before the first {@code HttpService}
 * keeps the JDK's default (Nagle on) for every server.
 */
public final class HttpService implements AutoCloseable {

  /** The path of the health report. */
  public static final String HEALTH = "/health";

  /** The path of the Prometheus meters. */
  public static final String METRICS = "/metrics";

  private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpService(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * A server named {@code name} (its request threads are {@code <name>-http}) whose meters go to
   * {@code registry}.
   */
  public static Builder builder(String name, PrometheusMeterRegistry registry) {
    return new Builder(name, registry);
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

  /** What the server serves and how; {@link #start()} listens. */
  public static final class Builder {

    private final String name;
    private final PrometheusMeterRegistry registry;
    private final Routes.Builder routes = Routes.builder();
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final List<Unavailability> unavailabilities = new ArrayList<>();
    private int port;
    private int threads = 8;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();

    private Builder(String name, PrometheusMeterRegistry registry) {
      this.name = Objects.requireNonNull(name, "name");
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Where each request's SERVER span goes ({@code <METHOD> <route>}, a child of the request's
     * {@code traceparent}, current while the handler runs); {@code /health} and {@code /metrics}
     * are not traced. Default the no-op: the request's {@code traceparent} is still current.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Request threads, 8 unless set. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads cannot be less than 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** More routes. */
    public Builder routes(Routes more) {
      routes.add(more);
      return this;
    }

    /** A check that {@code /health} reports under {@code name}. */
    public Builder health(String checkName, HealthCheck check) {
      if (checks.putIfAbsent(checkName, Objects.requireNonNull(check, "check")) != null) {
        throw new IllegalArgumentException("health check " + checkName + " is added twice");
      }
      return this;
    }

    /** A kind of failure answered with 503 and {@code Retry-After} instead of 500. */
    public Builder unavailableWhen(Unavailability unavailability) {
      unavailabilities.add(Objects.requireNonNull(unavailability, "unavailability"));
      return this;
    }

    /**
     * Listens.
     *
     * @throws UncheckedIOException when it cannot listen on the port
     */
    public HttpService start() {
      Map<String, HealthCheck> health = Map.copyOf(checks);
      routes.get(
          HEALTH,
          request -> {
            HealthReport report = HealthReport.of(health);
            return Response.json(report.httpStatus(), report.toJson());
          });
      routes.get(METRICS, request -> Response.text(PROMETHEUS_TEXT, registry.scrape()));
      Router router =
          new Router(
              routes.build(), registry, unavailabilities, openTelemetry, Set.of(HEALTH, METRICS));
      if (!TcpNoDelay.defaultOn(System.getProperties())) {
        LOG.info(
            "HTTP - {}: {}=false is set, so responses on kept-alive connections wait for the"
                + " client's delayed ACK (about 40 ms each)",
            name,
            TcpNoDelay.PROPERTY);
      }
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(port), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on HTTP port " + port, e);
      }
      server.createContext("/", router);
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
  }
}
