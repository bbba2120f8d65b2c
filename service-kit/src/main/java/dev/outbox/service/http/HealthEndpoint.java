package dev.outbox.service.http;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** {@code GET /health}: 200 when every check passes, else 503; the body names each check. */
final class HealthEndpoint extends JsonEndpoint {

  static final String PATH = "/health";

  private final Map<String, BooleanSupplier> checks;

  HealthEndpoint(Map<String, BooleanSupplier> checks, MeterRegistry registry) {
    super(PATH, registry);
    this.checks = Map.copyOf(checks);
  }

  @Override
  protected Response serve(HttpExchange exchange) {
    if (!exchange.getRequestURI().getPath().equals(PATH)) {
      throw new NotFoundException(exchange.getRequestURI().getPath());
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      throw new MethodNotAllowedException(exchange.getRequestMethod(), "GET");
    }
    Map<String, String> results = new LinkedHashMap<>();
    boolean up = true;
    for (Map.Entry<String, BooleanSupplier> check : new TreeMap<>(checks).entrySet()) {
      boolean ok = check.getValue().getAsBoolean();
      results.put(check.getKey(), ok ? "UP" : "DOWN");
      up &= ok;
    }
    return Response.json(up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN", "checks", results));
  }
}
