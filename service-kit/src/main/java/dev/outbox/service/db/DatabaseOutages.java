package dev.outbox.service.db;

import dev.outbox.client.consume.Failures;
import dev.outbox.service.http.Unavailability;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells "the database is away" from a bug, for the HTTP API's 503: HikariCP's timeout waiting for a
 * connection ({@link SQLTransientConnectionException}), or any failure that the client library
 * classifies as transient ({@link Failures#isTransient}: connection errors, the server shutting
 * down or starting, serialization failures...). The answer never carries the driver's message
 * (hosts, ports); the log line does.
 */
public final class DatabaseOutages implements Unavailability {

  private final String service;

  /** {@code service} names the database in the answer: "customer-app's database ...". */
  public DatabaseOutages(String service) {
    this.service = service;
  }

  @Override
  public Optional<String> reasonFor(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException timeout && timeout.getCause() == null) {
        // Hikari gave up waiting without a connection error: every connection is in use.
        return Optional.of(
            "every connection to " + service + "'s database is busy; try again shortly");
      }
    }
    if (Failures.isTransient(failure)) {
      return Optional.of(service + "'s database is unavailable; try again shortly");
    }
    return Optional.empty();
  }
}
