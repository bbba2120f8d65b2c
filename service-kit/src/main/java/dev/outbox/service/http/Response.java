package dev.outbox.service.http;

import java.util.HashMap;
import java.util.Map;

/**
 * What an endpoint answers: a status, a body that is written as JSON (or none) and extra headers.
 *
 * @param body serialized with Jackson; null for an empty body
 */
public record Response(int status, Object body, Map<String, String> headers) {

  public Response {
    headers = Map.copyOf(headers);
  }

  /** {@code body} as JSON with {@code status}. */
  public static Response json(int status, Object body) {
    return new Response(status, body, Map.of());
  }

  /** {@code {"error": message}} with {@code status}. */
  public static Response error(int status, String message) {
    return new Response(status, Map.of("error", message), Map.of());
  }

  /** A copy with one more header (replacing one of the same name). */
  public Response withHeader(String name, String value) {
    Map<String, String> all = new HashMap<>(headers);
    all.put(name, value);
    return new Response(status, body, all);
  }
}
