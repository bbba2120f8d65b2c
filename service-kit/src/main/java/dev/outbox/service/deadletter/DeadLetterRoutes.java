package dev.outbox.service.deadletter;

import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetterStatus;
import dev.outbox.client.deadletter.DeadLetters;
import dev.outbox.client.deadletter.ReplayResult;
import dev.outbox.service.http.ConflictException;
import dev.outbox.service.http.NotFoundException;
import dev.outbox.service.http.Request;
import dev.outbox.service.http.Response;
import dev.outbox.service.http.Routes;
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
 * Replay and discard answer 404 for an unknown id and 409 when it is not PARKED. While the database
 * is away every route answers 503 (the service's {@code DatabaseOutages}).
 */
public final class DeadLetterRoutes {

  /** The path of the list. */
  public static final String PATH = "/dead-letters";

  private final DeadLetters deadLetters;

  private DeadLetterRoutes(DeadLetters deadLetters) {
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /** The routes of {@code deadLetters} (from {@code EventConsumer.deadLetters()}). */
  public static Routes of(DeadLetters deadLetters) {
    DeadLetterRoutes api = new DeadLetterRoutes(deadLetters);
    return Routes.builder()
        .get(PATH, request -> Response.json(200, api.open()))
        .get(PATH + "/{id}", api::one)
        .post(PATH + "/{id}/replay", request -> api.resolve(request, "replay", deadLetters::replay))
        .post(
            PATH + "/{id}/discard",
            request -> api.resolve(request, "discard", deadLetters::discard))
        .build();
  }

  private Object open() {
    return deadLetters.open().stream().map(DeadLetterView::of).toList();
  }

  private Response one(Request request) {
    return Response.json(200, DeadLetterView.of(existing(request.positiveLongParameter("id"))));
  }

  private Response resolve(Request request, String action, LongFunction<ReplayResult> how) {
    long id = request.positiveLongParameter("id");
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
}
