package dev.outbox.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON-over-HTTP client for the apps' APIs. */
final class Http {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI base;

  Http(URI base) {
    this.base = base;
  }

  /** An answer: the status and the JSON body (null when the body is empty). */
  record Answer(int status, JsonNode body) {
    String text(String field) {
      return body.get(field).asText();
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  Answer post(String path, Object body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).POST(json(body)));
  }

  Answer put(String path, Object body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).PUT(json(body)));
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
