package dev.outbox.cli.dlq;

import dev.outbox.cli.health.AppUrls;
import dev.outbox.reference.db.ServiceDatabase;
import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Replay and discard run inside the app that owns the consumer (only it has the handlers), through
 * its {@code POST /dead-letters/{id}/replay|discard} endpoint.
 */
abstract class DlqAction {

  @Parameters(index = "0", paramLabel = "DATABASE", description = "customers or orders")
  String database;

  @Parameters(index = "1", paramLabel = "ID", description = "the dead letter's id (dlq list)")
  long id;

  @Mixin AppUrls apps;

  int run(String action) {
    ServiceDatabase service;
    try {
      service = ServiceDatabase.byName(database);
    } catch (IllegalArgumentException e) {
      System.err.println("dlq " + action + ": " + e.getMessage());
      return 2;
    }
    URI base = apps.of(service);
    System.out.println(
        action
            + " of dead letter #"
            + id
            + " in "
            + database
            + " via "
            + base.resolve("/dead-letters/" + id + "/" + action));
    try {
      DeadLetterResolver.Resolution resolution =
          new DeadLetterResolver().resolve(base, id, DeadLetterResolver.Action.of(action));
      System.out.println(resolution.body());
      System.out.println(resolution.sentence());
      return resolution.done() ? 0 : 1;
    } catch (DeadLetterResolver.AppUnreachableException e) {
      System.err.println("dlq " + action + ": " + e.getMessage());
      return 2;
    }
  }
}
