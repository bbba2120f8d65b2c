package dev.outbox.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceParent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP statuses: an endpoint returns a {@link Response} or
 * throws one of this package's exceptions, and this class writes the answer as JSON, times it
 * ({@code http.server.requests} by method, route and status), and makes the request's {@code
 * traceparent} current so that the events it appends carry it. Anything else thrown is a 500.
 */
public abstract class JsonEndpoint implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(JsonEndpoint.class);
  private static final long MAX_DRAINED_BYTES = 4L * 1024 * 1024;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final String route;
  private final MeterRegistry registry;

  /**
   * @param route the path template it serves, as the timer's {@code route} tag (keep it bounded:
   *     {@code /customers}, not each customer's path)
   */
  protected JsonEndpoint(String route, MeterRegistry registry) {
    this.route = route;
    this.registry = registry;
  }

  /** Serves one request. */
  protected abstract Response serve(HttpExchange exchange) throws IOException;

  @Override
  @SuppressWarnings("try") // the trace scope is used for its side effect only
  public final void handle(HttpExchange exchange) throws IOException {
    Timer.Sample sample = Timer.start(registry);
    Response response;
    Optional<TraceParent> trace =
        TraceParent.parse(exchange.getRequestHeaders().getFirst("traceparent"));
    try (ThreadLocalTraceContext.Scope scope =
        trace.map(ThreadLocalTraceContext::open).orElse(null)) {
      response = serve(exchange);
    } catch (BadRequestException e) {
      response = Response.error(400, e.getMessage());
    } catch (PayloadTooLargeException e) {
      response = Response.error(413, e.getMessage());
      // Reading the rest lets the client finish sending and read the answer; past a bound, the
      // connection is dropped instead.
      if (!drain(exchange)) {
        response = response.withHeader("Connection", "close");
      }
    } catch (NotFoundException e) {
      response = Response.error(404, e.getMessage());
    } catch (MethodNotAllowedException e) {
      response = Response.error(405, e.getMessage()).withHeader("Allow", e.allowed());
    } catch (ConflictException e) {
      response = Response.error(409, e.getMessage());
    } catch (ServiceUnavailableException e) {
      LOG.warn(
          "HTTP - {} {} unavailable: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          e.getMessage(),
          e.getCause());
      response = Response.error(503, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error(
          "HTTP - {} {} failed",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          e);
      response = Response.error(500, "internal error; the change was not made");
    }
    try {
      write(exchange, response);
    } finally {
      exchange.close();
      sample.stop(
          registry.timer(
              "http.server.requests",
              "method",
              exchange.getRequestMethod(),
              "route",
              route,
              "status",
              Integer.toString(response.status())));
    }
  }

  private static boolean drain(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        total += n;
        if (total > MAX_DRAINED_BYTES) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (response.body() == null) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] bytes = MAPPER.writeValueAsBytes(response.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
