package dev.outbox.client.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Optional;

/**
 * The current trace of a thread: OpenTelemetry's current span. The consumer runtime makes each
 * event's apply span current around its handler; service-kit makes a request's span current around
 * its handler; an application's own instrumentation (a span it made current) counts the same.
 */
public final class ThreadLocalTraceContext implements TraceContext {

  /** The only instance; the state is per thread. */
  public static final ThreadLocalTraceContext INSTANCE = new ThreadLocalTraceContext();

  private ThreadLocalTraceContext() {}

  @Override
  public Optional<TraceParent> current() {
    return TraceParent.of(Span.current().getSpanContext());
  }

  /**
   * Makes a trace current on this thread until the returned scope is closed, which restores the
   * previous one. A null trace clears the current one for the scope.
   */
  public static Scope open(TraceParent traceParent) {
    Span span =
        traceParent == null ? Span.getInvalid() : Span.wrap(traceParent.toRemoteSpanContext());
    io.opentelemetry.context.Scope scope = Context.current().with(span).makeCurrent();
    return scope::close;
  }

  /** The extent of a current trace; closing it restores the previous one. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public String toString() {
    return "ThreadLocalTraceContext[" + current().map(TraceParent::value).orElse("none") + "]";
  }
}
