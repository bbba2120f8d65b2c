package dev.outbox.service.http;

import java.util.Optional;

/**
 * Tells a failure that means "a dependency is away, try again" (answered 503 with {@code
 * Retry-After}) from a bug (500). The HTTP service asks each of its unavailabilities in turn; the
 * database's is {@code dev.outbox.service.db.DatabaseOutages}.
 */
@FunctionalInterface
public interface Unavailability {

  /** What the client reads when {@code failure} means a dependency is away; else empty. */
  Optional<String> reasonFor(Throwable failure);
}
