package dev.outbox.client.trace;

import java.util.Optional;

/** Supplies the trace that the current unit of work belongs to, if any. */
@FunctionalInterface
public interface TraceContext {

  /** The current trace, empty when there is none. */
  Optional<TraceParent> current();

  /** A context that never has a current trace. */
  static TraceContext none() {
    return Optional::empty;
  }

  /** The per-thread context that {@link ThreadLocalTraceContext#open} sets. */
  static TraceContext threadLocal() {
    return ThreadLocalTraceContext.INSTANCE;
  }
}
