package dev.outbox.service.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One request as a route's handler sees it: its method, path and route template, its headers, typed
 * access to the path's parameters and the body read as a strict JSON object. Every bad value is a
 * {@link BadRequestException} naming the parameter or field.
 */
public final class Request {

  private final HttpExchange exchange;
  private final String route;
  private final Map<String, String> parameters;

  Request(HttpExchange exchange, String route, Map<String, String> parameters) {
    this.exchange = exchange;
    this.route = route;
    this.parameters = Map.copyOf(parameters);
  }

  /** The JDK's exchange, for this package's tests. */
  HttpExchange exchange() {
    return exchange;
  }

  /** {@code GET}, {@code POST}, ... ({@code GET} for a {@code HEAD} request). */
  public String method() {
    String method = exchange.getRequestMethod();
    return method.equals("HEAD") ? "GET" : method;
  }

  /** The path as sent, without the query. */
  public String path() {
    return exchange.getRequestURI().getRawPath();
  }

  /** The template of the route that serves it, such as {@code /customers/{id}}. */
  public String route() {
    return route;
  }

  /** The first value of a request header. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /**
   * The decoded text of a path parameter.
   *
   * @throws IllegalArgumentException when the route has no such parameter (a bug of the route)
   */
  public String parameter(String name) {
    String value = parameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException(route + " has no parameter {" + name + "}");
    }
    return value;
  }

  /**
   * A path parameter that must be a UUID in its canonical, lowercase form.
   *
   * @throws BadRequestException naming the parameter when it is not one
   */
  public UUID uuidParameter(String name) {
    return Ids.parse(name, parameter(name));
  }

  /**
   * A path parameter that must be a positive whole number (a database sequence id).
   *
   * @throws BadRequestException naming the parameter when it is not one
   */
  public long positiveLongParameter(String name) {
    return Ids.parsePositiveLong(name, parameter(name));
  }

  /**
   * The body as a JSON object, read strictly (see {@link JsonBodies}).
   *
   * @throws UnsupportedMediaTypeException when the body is not declared {@code application/json}
   * @throws PayloadTooLargeException above {@link JsonBodies#MAX_BODY_BYTES}
   * @throws BadRequestException when it is anything but one well-formed JSON object whose text
   *     PostgreSQL can store exactly as sent
   */
  public ObjectNode jsonObject() throws IOException {
    return JsonBodies.read(exchange);
  }
}
