package dev.outbox.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** Requests to a service under test; failures to connect are unchecked. */
public final class HttpTestClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();
  private final URI base;

  /** Requests go to paths under {@code base}, such as {@code http://127.0.0.1:8081}. */
  public HttpTestClient(URI base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  public URI base() {
    return base;
  }

  /**
   * {@code body} (JSON text, or null for none) with {@code Content-Type: application/json} unless
   * {@code headers} (name, value, name, value...) set another.
   */
  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    boolean typed = Arrays.stream(headers).anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
    String contentType = body == null || typed ? null : "application/json";
    return sendBytes(
        method,
        path,
        contentType,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** Exactly these bytes, with {@code contentType} when not null. */
  public HttpResponse<String> sendBytes(
      String method, String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  public HttpResponse<String> post(String path, String body) {
    return send("POST", path, body);
  }

  public HttpResponse<String> put(String path, String body, String... headers) {
    return send("PUT", path, body, headers);
  }

  public HttpResponse<String> delete(String path, String... headers) {
    return send("DELETE", path, null, headers);
  }

  /** The body read as JSON. */
  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }
}
