package dev.outbox.cli.console;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.dlq.DeadLetterResolver;
import dev.outbox.cli.health.AppUrls;
import dev.outbox.cli.status.StatusReader;
import dev.outbox.reference.db.ServiceDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The console's replay and discard: the dead letter of {@code (database, consumer, event)} is
 * looked up in its database, then resolved by {@link DeadLetterResolver}, as {@code bin/outbox dlq
 * replay|discard} resolves it, in the app that owns the database's consumers.
 */
final class DeadLetterActions {

  /** An answer: its HTTP status and either the result sentence or the error sentence. */
  record Result(int status, String sentence) {}

  private final DbOptions db;
  private final AppUrls apps;
  private final DeadLetterResolver resolver = new DeadLetterResolver();

  DeadLetterActions(DbOptions db, AppUrls apps) {
    this.db = db;
    this.apps = apps;
  }

  Result resolve(
      ServiceDatabase database, String consumer, UUID eventId, DeadLetterResolver.Action action) {
    Optional<Map.Entry<Long, String>> letter;
    try (Connection c = db.connect(database)) {
      letter = new StatusReader().deadLetterOf(c, consumer, eventId);
    } catch (SQLException e) {
      return new Result(
          502, database.databaseName() + " cannot be read, so nothing was done: " + e.getMessage());
    }
    if (letter.isEmpty()) {
      return new Result(
          404,
          "consumer "
              + consumer
              + " in "
              + database.databaseName()
              + " has no dead letter of event "
              + eventId
              + "; the dead-letter list shows the open ones");
    }
    String status = letter.get().getValue();
    if (!status.equals("PARKED")) {
      return new Result(
          409,
          "the dead letter of event "
              + eventId
              + " for "
              + consumer
              + " is "
              + status
              + ", not PARKED: only a parked event can be replayed or discarded"
              + (status.equals("BLOCKED") ? " (resolve the parked event it waits behind)" : ""));
    }
    try {
      DeadLetterResolver.Resolution r =
          resolver.resolve(apps.of(database), letter.get().getKey(), action);
      int answer =
          r.done() ? 200 : r.httpStatus() == 404 || r.httpStatus() == 409 ? r.httpStatus() : 502;
      return new Result(answer, r.sentence());
    } catch (DeadLetterResolver.AppUnreachableException e) {
      return new Result(502, e.getMessage());
    }
  }
}
