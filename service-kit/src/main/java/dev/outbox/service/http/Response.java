package dev.outbox.service.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler answers: a status, a body and extra headers. The body is written as JSON, unless
 * it is a {@link Text}; null means no body.
 */
public record Response(int status, Object body, Map<String, String> headers) {

  /** A body written as it is, with its own content type (Prometheus' text format). */
  public record Text(String contentType, byte[] bytes) {
    public Text {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

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

  /** {@code text} with {@code contentType} and status 200. */
  public static Response text(String contentType, String text) {
    return new Response(
        200, new Text(contentType, text.getBytes(StandardCharsets.UTF_8)), Map.of());
  }

  /** A copy with one more header (replacing one of the same name). */
  public Response withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new Response(status, body, all);
  }

  /** {@code {"allow": [methods]}} with the {@code Allow} header: the answer to OPTIONS. */
  static Response allow(List<String> methods) {
    return json(200, Map.of("allow", methods)).withHeader("Allow", String.join(", ", methods));
  }
}
