package dev.outbox.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.outbox.client.trace.OutboxSpans;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceParent;
import dev.outbox.client.write.InvalidEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where requests meet routes and exceptions become HTTP statuses. It matches the path
 * against the route table (404, 405 with {@code Allow}, HEAD and OPTIONS), makes the request's
 * SERVER span ({@code <METHOD> <route>}, a child of its {@code traceparent}) current so that the
 * events it appends are the span's children, writes the answer as JSON, and times it as {@code
 * http.server.requests} tagged with the method, the route TEMPLATE (never the raw path, which would
 * give a meter per customer) and the status. Anything a handler throws that is neither one of this
 * package's exceptions nor recognised by an {@link Unavailability} is a 500: {@code internal
 * error}, or, for an event of the service's own that breaks its schema ({@link
 * InvalidEventException}), a 500 that says which event, schema and rule.
 */
final class Router implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** The {@code route} tag of a path that no route matches. */
  static final String UNMATCHED = "unmatched";

  /** Seconds a client is asked to wait before repeating a request that met an outage. */
  static final int RETRY_AFTER_SECONDS = 5;

  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
  private static final long MAX_DRAINED_BYTES = 4L * 1024 * 1024;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final Routes routes;
  private final MeterRegistry registry;
  private final List<Unavailability> unavailabilities;
  private final Tracer tracer;
  private final boolean tracing;
  private final Set<String> untraced;

  /**
   * @param openTelemetry makes each request's span; with the API's no-op there is none, and the
   *     request's {@code traceparent} is made current as it came
   * @param untraced routes (templates) without a span: the probes, which would drown the traces
   */
  Router(
      Routes routes,
      MeterRegistry registry,
      List<Unavailability> unavailabilities,
      OpenTelemetry openTelemetry,
      Set<String> untraced) {
    this.routes = routes;
    this.registry = registry;
    this.unavailabilities = List.copyOf(unavailabilities);
    this.tracer = openTelemetry.getTracer("dev.outbox.service");
    this.tracing = OutboxSpans.tracing(openTelemetry);
    this.untraced = Set.copyOf(untraced);
  }

  @Override
  @SuppressWarnings("try") // the trace scope is used for its side effect only
  public void handle(HttpExchange exchange) throws IOException {
    Timer.Sample sample = Timer.start(registry);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Optional<Routes.Match> match = Optional.empty();
    RuntimeException badPath = null;
    try {
      match = routes.match(segments(path));
    } catch (BadRequestException e) {
      // A path that does not decode: answered 400 below, like any bad request.
      badPath = e;
    }
    String route = match.map(m -> m.route().template().toString()).orElse(UNMATCHED);
    Span span =
        tracing && !untraced.contains(route)
            ? startSpan(exchange, method, route)
            : Span.getInvalid();
    Response response;
    try (Scope scope = makeCurrent(exchange, span)) {
      if (badPath != null) {
        throw badPath;
      }
      if (match.isEmpty()) {
        throw new NotFoundException("no such resource: " + path);
      }
      response = dispatch(exchange, method, match.get());
    } catch (RuntimeException e) {
      response = answer(exchange, e);
      if (response.status() >= 500) {
        span.recordException(e);
      }
    }
    try {
      write(exchange, method.equals("HEAD"), response);
    } finally {
      exchange.close();
      ended(span, response.status());
      sample.stop(
          registry.timer(
              "http.server.requests",
              "method",
              KNOWN_METHODS.contains(method) ? method : "OTHER",
              "route",
              route,
              "status",
              Integer.toString(response.status())));
    }
  }

  private static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");

  /**
   * The request's span, a child of its {@code traceparent} (a new trace without one). With the
   * no-op tracer it is the incoming trace itself, so appended events still carry it.
   */
  private Span startSpan(HttpExchange exchange, String method, String route) {
    String knownMethod = KNOWN_METHODS.contains(method) ? method : "_OTHER";
    Context parent =
        TraceParent.parse(exchange.getRequestHeaders().getFirst("traceparent"))
            .map(OutboxSpans::under)
            .orElse(Context.root());
    boolean matched = !route.equals(UNMATCHED);
    SpanBuilder span =
        tracer
            .spanBuilder(matched ? knownMethod + " " + route : knownMethod)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(HTTP_METHOD, knownMethod)
            .setAttribute(URL_PATH, exchange.getRequestURI().getRawPath())
            .setAttribute(URL_SCHEME, "http");
    if (matched) {
      span.setAttribute(HTTP_ROUTE, route);
    }
    return span.startSpan();
  }

  /** The request's span current; without tracing, its {@code traceparent} as it came. */
  private Scope makeCurrent(HttpExchange exchange, Span span) {
    if (span.getSpanContext().isValid()) {
      return span.makeCurrent();
    }
    if (!tracing) {
      Optional<TraceParent> given =
          TraceParent.parse(exchange.getRequestHeaders().getFirst("traceparent"));
      if (given.isPresent()) {
        return ThreadLocalTraceContext.open(given.get())::close;
      }
    }
    return Scope.noop();
  }

  private static void ended(Span span, int status) {
    span.setAttribute(HTTP_STATUS, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  private static Response dispatch(HttpExchange exchange, String method, Routes.Match match) {
    Routes.Route route = match.route();
    List<String> allowed = route.allowed();
    Handler handler = route.handlers().get(method.equals("HEAD") ? "GET" : method);
    if (method.equals("OPTIONS") && handler == null) {
      return Response.allow(allowed);
    }
    if (handler == null) {
      String allow = String.join(", ", allowed);
      return Response.error(
              405,
              "method " + method + " is not allowed on " + route.template() + "; allowed: " + allow)
          .withHeader("Allow", allow);
    }
    try {
      return handler.handle(new Request(exchange, route.template().toString(), match.parameters()));
    } catch (IOException e) {
      // The client went away or sent a broken body: nothing was read, so nothing was done.
      throw new BadRequestException("request body: could not be read (" + e.getMessage() + ")");
    }
  }

  private Response answer(HttpExchange exchange, RuntimeException e) {
    if (e instanceof BadRequestException) {
      return Response.error(400, e.getMessage());
    }
    if (e instanceof NotFoundException) {
      return Response.error(404, e.getMessage());
    }
    if (e instanceof ConflictException) {
      return Response.error(409, e.getMessage());
    }
    if (e instanceof PayloadTooLargeException) {
      Response response = Response.error(413, e.getMessage());
      // Reading the rest lets the client finish sending and read the answer; past a bound, the
      // connection is dropped instead.
      return drain(exchange) ? response : response.withHeader("Connection", "close");
    }
    if (e instanceof UnsupportedMediaTypeException) {
      return Response.error(415, e.getMessage());
    }
    if (e instanceof ServiceUnavailableException) {
      return unavailable(exchange, e.getMessage(), e.getCause());
    }
    InvalidEventException invalid = invalidEvent(e);
    if (invalid != null) {
      // The service's own event broke its schema: a bug of the service (its records and its
      // contracts disagree), which the client can only report. The message names the event type,
      // version and schema and each violation by path and rule, never a payload value.
      LOG.error(
          "HTTP - {} {} failed: {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          invalid.getMessage(),
          e);
      return Response.error(
          500,
          "internal error: the event this request emits does not meet its contract, so nothing was"
              + " written (a bug of this service, not of the request): "
              + invalid.getMessage());
    }
    for (Unavailability unavailability : unavailabilities) {
      Optional<String> reason = unavailability.reasonFor(e);
      if (reason.isPresent()) {
        return unavailable(exchange, reason.get(), e);
      }
    }
    LOG.error(
        "HTTP - {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
    return Response.error(500, "internal error");
  }

  /**
   * The InvalidEventException {@code e} is or was caused by (a transaction may wrap it), or null.
   */
  private static InvalidEventException invalidEvent(Throwable e) {
    Throwable cause = e;
    // Bounded: a chain of causes may loop.
    for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
      if (cause instanceof InvalidEventException invalid) {
        return invalid;
      }
    }
    return null;
  }

  private static Response unavailable(HttpExchange exchange, String reason, Throwable cause) {
    LOG.warn(
        "HTTP - {} {} unavailable: {}",
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        reason,
        cause);
    return Response.error(503, reason)
        .withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
  }

  /**
   * The decoded segments of a raw path: {@code /a/b%20c} is {@code [a, b c]}.
   *
   * @throws BadRequestException for a percent-encoding that is not UTF-8
   */
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return segments;
    }
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    for (String segment : path.split("/", -1)) {
      segments.add(decode(segment));
    }
    return segments;
  }

  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          throw new BadRequestException("path: bad percent-encoding in '" + segment + "'");
        }
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new BadRequestException("path: bad percent-encoding in '" + segment + "'");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequestException(
          "path: percent-encoding that is not UTF-8 in '" + segment + "'");
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

  private static void write(HttpExchange exchange, boolean head, Response response)
      throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (response.body() == null) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] bytes;
    if (response.body() instanceof Response.Text text) {
      exchange.getResponseHeaders().set("Content-Type", text.contentType());
      bytes = text.bytes();
    } else {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      bytes = MAPPER.writeValueAsBytes(response.body());
    }
    if (head) {
      // A HEAD answer has the GET answer's headers and no body.
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
