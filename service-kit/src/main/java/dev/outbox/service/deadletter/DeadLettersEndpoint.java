package dev.outbox.service.deadletter;

import com.sun.net.httpserver.HttpExchange;
import dev.outbox.client.consume.Failures;
import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetterStatus;
import dev.outbox.client.deadletter.DeadLetters;
import dev.outbox.client.deadletter.ReplayResult;
import dev.outbox.service.http.ConflictException;
import dev.outbox.service.http.Ids;
import dev.outbox.service.http.JsonEndpoint;
import dev.outbox.service.http.MethodNotAllowedException;
import dev.outbox.service.http.NotFoundException;
import dev.outbox.service.http.Response;
import dev.outbox.service.http.ServiceUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The admin API of one consumer's dead letters, which only the app that runs the consumer can serve
 * (replay needs its handlers); {@code bin/outbox dlq replay|discard} calls it.
 *
 * <ul>
 *   <li>{@code GET /dead-letters}: 200, the open ones (PARKED and BLOCKED), oldest first
 *   <li>{@code GET /dead-letters/{id}}: 200 the dead letter, 404 when the consumer has no such id
 *   <li>{@code POST /dead-letters/{id}/replay}: applies the PARKED event again, then those BLOCKED
 *       behind it; 200 {@code {"resolved": [ids], "parked": dead letter or null}}
 *   <li>{@code POST /dead-letters/{id}/discard}: marks it DISCARDED (the row stays) and applies
 *       those BLOCKED behind it; same answer
 * </ul>
 *
 * Replay and discard answer 404 for an unknown id and 409 when it is not PARKED. Every route
 * answers 503 when the database is away; nothing was changed then and the call may be repeated.
 */
public final class DeadLettersEndpoint extends JsonEndpoint {

  /** The path prefix it serves. */
  public static final String PATH = "/dead-letters";

  private final DeadLetters deadLetters;

  /** Serves {@code deadLetters} (from {@code EventConsumer.deadLetters()}). */
  public DeadLettersEndpoint(DeadLetters deadLetters, MeterRegistry registry) {
    super(PATH, registry);
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  @Override
  protected Response serve(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    try {
      if (path.equals(PATH) || path.equals(PATH + "/")) {
        requireMethod(method, "GET");
        return Response.json(200, deadLetters.open().stream().map(DeadLetterView::of).toList());
      }
      String[] parts =
          path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1).split("/", -1) : null;
      if (parts == null || parts.length > 2 || parts[0].isEmpty()) {
        throw new NotFoundException(path);
      }
      long id = Ids.parsePositiveLong("id", parts[0]);
      if (parts.length == 1) {
        requireMethod(method, "GET");
        return Response.json(200, DeadLetterView.of(existing(id)));
      }
      return switch (parts[1]) {
        case "replay" -> resolve(method, id, "replay", deadLetters::replay);
        case "discard" -> resolve(method, id, "discard", deadLetters::discard);
        default -> throw new NotFoundException(path);
      };
    } catch (RuntimeException e) {
      if (Failures.isTransient(e)) {
        throw new ServiceUnavailableException(
            "the database of consumer "
                + deadLetters.consumer()
                + " is unavailable; nothing was changed, try again",
            e);
      }
      throw e;
    }
  }

  private Response resolve(String method, long id, String action, LongFunction<ReplayResult> how) {
    requireMethod(method, "POST");
    DeadLetter letter = existing(id);
    if (letter.status() != DeadLetterStatus.PARKED) {
      throw notParked(letter, action);
    }
    ReplayResult result;
    try {
      result = how.apply(id);
    } catch (IllegalStateException e) {
      // Resolved by someone else since it was read: say what it is now.
      DeadLetter now = existing(id);
      if (now.status() == DeadLetterStatus.PARKED) {
        throw e;
      }
      throw notParked(now, action);
    }
    return Response.json(200, ResolutionView.of(result));
  }

  private DeadLetter existing(long id) {
    return deadLetters
        .find(id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "dead letter " + id + " of consumer " + deadLetters.consumer()));
  }

  private static ConflictException notParked(DeadLetter letter, String action) {
    String why = "dead letter " + letter.id() + " is " + letter.status() + ", not PARKED";
    if (letter.status() == DeadLetterStatus.BLOCKED) {
      why += "; " + action + " dead letter " + letter.blockedBy() + ", which it waits for";
    }
    return new ConflictException(why);
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new MethodNotAllowedException(method, allowed);
    }
  }
}
