package dev.outbox.service.deadletter;

import dev.outbox.client.consume.PermanentEventException;
import dev.outbox.client.consume.RetriableEventException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells a failure that may go away by itself (the database is away, a deadlock) from one that will
 * not, by the same rules as the consumer's retries (outbox-client API.md, section 4). Replay and
 * discard rethrow only such failures, and only with nothing changed, so a client may try again.
 */
final class TransientFailures {

  // PostgreSQL SQLSTATEs: connection (08), transaction rollback (40), insufficient resources (53),
  // lock not available, query canceled, and the server shutting down or starting.
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53");
  private static final Set<String> TRANSIENT_STATES =
      Set.of("55P03", "57014", "57P01", "57P02", "57P03");

  private TransientFailures() {}

  /** Whether {@code failure} or one of its causes says "try again". */
  static boolean isTransient(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean transientCause = false;
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof PermanentEventException) {
        return false;
      }
      if (t instanceof RetriableEventException) {
        return true;
      }
      transientCause |= isTransientCause(t);
    }
    return transientCause;
  }

  private static boolean isTransientCause(Throwable t) {
    if (t instanceof SQLTransientException
        || t instanceof SQLRecoverableException
        || t instanceof ConnectException
        || t instanceof SocketException) {
      return true;
    }
    if (t instanceof SQLException sql && sql.getSQLState() != null) {
      String state = sql.getSQLState();
      return TRANSIENT_STATES.contains(state)
          || (state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
    }
    return false;
  }
}
