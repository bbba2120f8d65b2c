package dev.outbox.client.consume;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells transient failures (retry, never park) from permanent ones (park after N attempts), by the
 * rules of API.md section 4; public so that services answer "try again" by the same rules.
 */
public final class Failures {

  // PostgreSQL SQLSTATEs that say "try again": connection (08), transaction rollback (40:
  // serialization failure, deadlock), insufficient resources (53), lock not available, query
  // canceled, and the server shutting down or starting (57P01-57P03).
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53");
  private static final Set<String> TRANSIENT_STATES =
      Set.of("55P03", "57014", "57P01", "57P02", "57P03");

  private Failures() {}

  /**
   * Whether a failure may go away by itself. The outermost explicit {@link PermanentEventException}
   * or {@link RetriableEventException} in the cause chain decides; otherwise any transient JDBC,
   * network or Kafka cause makes it transient; anything else is permanent.
   *
   * @param failure the failure to classify, may be {@code null} (not transient)
   * @return {@code true} if retrying may succeed, {@code false} if it never will
   */
  public static boolean isTransient(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    boolean transientCause = false;
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
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
        || t instanceof RetriableException
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
