package dev.outbox.client.trace;

import java.util.Objects;
import java.util.Optional;

/**
 * The current trace of a thread, set for the extent of a {@link Scope}. The consumer runtime opens
 * one around each handler call with the incoming {@code traceparent}; an HTTP layer can do the same
 * with a request's header.
 */
public final class ThreadLocalTraceContext implements TraceContext {

  /** The only instance; the state is per thread. */
  public static final ThreadLocalTraceContext INSTANCE = new ThreadLocalTraceContext();

  private static final ThreadLocal<TraceParent> CURRENT = new ThreadLocal<>();

  private ThreadLocalTraceContext() {}

  @Override
  public Optional<TraceParent> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Makes a trace current on this thread until the returned scope is closed, which restores the
   * previous one. A null trace clears the current one for the scope.
   */
  public static Scope open(TraceParent traceParent) {
    TraceParent previous = CURRENT.get();
    set(traceParent);
    return () -> set(previous);
  }

  private static void set(TraceParent traceParent) {
    if (traceParent == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(traceParent);
    }
  }

  /** The extent of a current trace; closing it restores the previous one. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public String toString() {
    return "ThreadLocalTraceContext[" + Objects.toString(CURRENT.get(), "none") + "]";
  }
}
