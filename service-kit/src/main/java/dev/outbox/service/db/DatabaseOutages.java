package dev.outbox.service.db;

import dev.outbox.client.consume.Failures;
import dev.outbox.service.http.Unavailability;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells "the database is away" from a bug, for the HTTP API's 503: HikariCP's timeout waiting for a
 * connection ({@link SQLTransientConnectionException}), or any failure that the client library
 * classifies as transient ({@link Failures#isTransient}: connection errors, the server shutting
 * down or starting, serialization failures...). The answer never carries the driver's message
 * (hosts, ports); the log line does.
 *
 * <p>Once the database is known to be away (a request met the outage, or the health check could not
 * connect), requests are answered 503 at once, but one a second, which tries the database; the
 * first request served, or a health check that connects, ends the outage. Without this, every
 * request would wait for the pool's connection timeout, and under load the request threads would
 * all be waiting while {@code /health} queues behind them.
 */
public final class DatabaseOutages implements Unavailability {

  /** While the database is away, one request in this interval tries it; the others get 503. */
  static final Duration TRIAL_INTERVAL = Duration.ofSeconds(1);

  private final String service;
  private final Clock clock;
  private final AtomicReference<Instant> awaySince = new AtomicReference<>();
  private final AtomicReference<Instant> nextTrial = new AtomicReference<>(Instant.MIN);

  /** {@code service} names the database in the answer: "customer-app's database ...". */
  public DatabaseOutages(String service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  /** The database is away (a request met the outage, or the health check could not connect). */
  public void away() {
    Instant now = clock.instant();
    if (awaySince.compareAndSet(null, now)) {
      nextTrial.set(now.plus(TRIAL_INTERVAL)); // it was just tried: the next try in a second
    }
  }

  /** The database answered (the health check connected). */
  public void back() {
    awaySince.set(null);
  }

  /** Since when the database is known to be away; empty while it answers. */
  public Optional<Instant> awaySince() {
    return Optional.ofNullable(awaySince.get());
  }

  /**
   * Asked before the pool is: while the database is known to be away, the reason to fail at once
   * instead of waiting the pool's whole connection timeout; empty lets the caller try (one caller a
   * second tries, so that the database's return is noticed).
   */
  public Optional<String> refusal() {
    Instant since = awaySince.get();
    if (since == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant due = nextTrial.get();
    if (!now.isBefore(due) && nextTrial.compareAndSet(due, now.plus(TRIAL_INTERVAL))) {
      return Optional.empty(); // this request tries the database
    }
    return Optional.of(unavailable());
  }

  private String unavailable() {
    return service + "'s database is unavailable; try again shortly";
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
      away();
      return Optional.of(unavailable());
    }
    return Optional.empty();
  }
}
