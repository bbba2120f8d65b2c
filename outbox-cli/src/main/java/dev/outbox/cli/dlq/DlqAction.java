package dev.outbox.cli.dlq;

import dev.outbox.cli.health.AppUrls;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    URI target = base.resolve("/dead-letters/" + id + "/" + action);
    System.out.println(action + " of dead letter #" + id + " in " + database + " via " + target);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(target)
                      .timeout(Duration.ofSeconds(60))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.println(response.body());
      return response.statusCode() / 100 == 2 ? 0 : 1;
    } catch (IOException e) {
      System.err.println(
          "dlq " + action + ": cannot reach " + base + " (is 'bin/outbox up' running?): " + e);
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }
}
