package dev.outbox.cli.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Replays or discards one dead letter in the app that owns its consumer (only it has the handlers),
 * through its {@code GET /dead-letters/{id}} and {@code POST /dead-letters/{id}/replay|discard}:
 * what {@code bin/outbox dlq replay|discard} and the console's buttons do, with the same words.
 */
public final class DeadLetterResolver {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;

  public DeadLetterResolver() {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** What to do with a PARKED dead letter. */
  public enum Action {
    REPLAY("replay", "replayed"),
    DISCARD("discard", "discarded");

    private final String path;
    private final String done;

    Action(String path, String done) {
      this.path = path;
      this.done = done;
    }

    /** The last segment of its path, {@code replay} or {@code discard}. */
    public String path() {
      return path;
    }

    /** The action of a path segment, or {@code null}. */
    public static Action of(String path) {
      for (Action a : values()) {
        if (a.path.equals(path.toLowerCase(Locale.ROOT))) {
          return a;
        }
      }
      return null;
    }
  }

  /**
   * What the app answered.
   *
   * @param httpStatus its HTTP status: 200 done, 404 unknown id, 409 not PARKED, 503 its database
   *     is away
   * @param body its answer as it gave it
   * @param sentence one line that says what happened, such as {@code replayed <event id> for
   *     order-app.credit-check: applied}, or why nothing did
   */
  public record Resolution(int httpStatus, String body, String sentence) {

    public boolean done() {
      return httpStatus / 100 == 2;
    }
  }

  /** The app at {@code base} could not be reached. */
  public static final class AppUnreachableException extends RuntimeException {
    AppUnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Does {@code action} to dead letter {@code id} of the app at {@code base}.
   *
   * @throws AppUnreachableException when the app does not answer
   */
  public Resolution resolve(URI base, long id, Action action) {
    URI letter = base.resolve("/dead-letters/" + id);
    HttpResponse<String> found = send(HttpRequest.newBuilder(letter).GET(), base);
    if (found.statusCode() != 200) {
      return new Resolution(found.statusCode(), found.body(), errorOf(found, action, id));
    }
    JsonNode described = read(found.body());
    String subject = text(described, "eventId", "dead letter " + id);
    String consumer = text(described, "consumer", "its consumer");
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(base.resolve("/dead-letters/" + id + "/" + action.path()))
                .POST(HttpRequest.BodyPublishers.noBody()),
            base);
    if (response.statusCode() != 200) {
      return new Resolution(response.statusCode(), response.body(), errorOf(response, action, id));
    }
    return new Resolution(
        200,
        response.body(),
        action.done
            + " "
            + subject
            + " for "
            + consumer
            + ": "
            + outcome(read(response.body()), id, action));
  }

  /** What a replay or discard led to, from {@code {"resolved": [ids], "parked": ...}}. */
  static String outcome(JsonNode answer, long id, Action action) {
    JsonNode parked = answer == null ? null : answer.get("parked");
    int resolved = answer == null ? 0 : answer.path("resolved").size();
    int behind = Math.max(0, resolved - 1);
    String freed = behind == 0 ? "" : " (and the " + behind + " event(s) blocked behind it)";
    if (parked == null || parked.isNull()) {
      return (action == Action.REPLAY ? "applied" : "given up") + freed;
    }
    String error = parked.path("error").asText("no error given");
    if (parked.path("id").asLong() == id) {
      return "failed again and stays parked: " + error;
    }
    return (action == Action.REPLAY ? "applied" : "given up")
        + freed
        + ", then event "
        + parked.path("eventId").asText("?")
        + " behind it failed and is parked: "
        + error;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, URI base) {
    try {
      return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AppUnreachableException(
          "cannot reach " + base + " (is 'bin/outbox up' running?): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppUnreachableException("interrupted while asking " + base, e);
    }
  }

  private static String errorOf(HttpResponse<String> response, Action action, long id) {
    JsonNode body = read(response.body());
    String said = body == null ? null : text(body, "error", null);
    String why = said != null ? said : "HTTP " + response.statusCode();
    return action.path() + " of dead letter " + id + " refused: " + why;
  }

  private static JsonNode read(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field, String otherwise) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? otherwise : value.asText();
  }
}
