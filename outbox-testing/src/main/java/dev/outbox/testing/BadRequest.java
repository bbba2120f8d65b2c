package dev.outbox.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request a service must refuse, with the status and the error it must answer.
 *
 * @param label what is wrong, as the parameterised test names it
 * @param contentType its {@code Content-Type}, or null for none
 * @param body its bytes, or null for no body
 * @param status the 4xx it must get
 * @param error what the {@code error} of the JSON answer must contain, naming the field
 */
public record BadRequest(
    String label,
    String method,
    String path,
    String contentType,
    byte[] body,
    int status,
    String error) {

  public BadRequest {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(error, "error");
    body = body == null ? null : body.clone();
  }

  /** A JSON body given as text. */
  public static BadRequest json(
      String label, String method, String path, String body, int status, String error) {
    return new BadRequest(
        label,
        method,
        path,
        "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        status,
        error);
  }

  @Override
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  /** Sends it. */
  public HttpResponse<String> send(HttpTestClient http) {
    return http.sendBytes(method, path, contentType, body);
  }

  /**
   * Asserts the answer: the status, {@code Content-Type: application/json}, and (but for a HEAD,
   * which has no body) a JSON {@code error} that contains {@link #error}.
   */
  public void assertRefused(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(label + ": " + response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .as(label)
        .hasValue("application/json");
    if (method.equals("HEAD")) {
      assertThat(response.body()).as(label).isEmpty();
    } else {
      assertThat(HttpTestClient.json(response).get("error").asText()).as(label).contains(error);
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
