package dev.outbox.client.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current trace of a thread: OpenTelemetry's current span. The consumer runtime makes each
 * event's apply span current around its handler; service-kit makes a request's span current around
 * its handler; an application's own instrumentation (a span it made current) counts the same.
 */
public final class ThreadLocalTraceContext implements TraceContext {

  /** The only instance; the state is per thread. */
  public static final ThreadLocalTraceContext INSTANCE = new ThreadLocalTraceContext();

  /** The value {@link #open} was given, so that it is carried as it came (version and all). */
  private static final ContextKey<TraceParent> AS_GIVEN = ContextKey.named("outbox-traceparent");

  /** Spans of this process in progress that {@link #open} makes current as themselves. */
  private static final Map<String, Span> LIVE = new ConcurrentHashMap<>();

  private ThreadLocalTraceContext() {}

  @Override
  public Optional<TraceParent> current() {
    Context context = Context.current();
    SpanContext span = Span.fromContext(context).getSpanContext();
    TraceParent given = context.get(AS_GIVEN);
    if (given != null
        && given.parentId().equals(span.getSpanId())
        && given.traceId().equals(span.getTraceId())) {
      return Optional.of(given);
    }
    return TraceParent.of(span);
  }

  /**
   * Makes a trace current on this thread until the returned scope is closed, which restores the
   * previous one. A null trace clears the current one for the scope. When the trace is a span of
   * this process in progress (a consumer's apply span), that span itself becomes current, so that
   * what a handler does with {@code Span.current()} lands on it.
   */
  public static Scope open(TraceParent traceParent) {
    Context context;
    if (traceParent == null) {
      context = Context.current().with(Span.getInvalid());
    } else {
      Span live = LIVE.get(traceParent.parentId());
      Span span = live != null ? live : Span.wrap(traceParent.toRemoteSpanContext());
      context = Context.current().with(span).with(AS_GIVEN, traceParent);
    }
    io.opentelemetry.context.Scope scope = context.makeCurrent();
    return scope::close;
  }

  /**
   * For the runtime: while the returned scope is open, {@link #open} of this span's traceparent
   * makes the span itself current instead of a copy of its ids. A span that records nothing is not
   * kept.
   */
  public static Scope live(Span span) {
    if (!span.isRecording()) {
      return () -> {};
    }
    String id = span.getSpanContext().getSpanId();
    LIVE.put(id, span);
    return () -> LIVE.remove(id, span);
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
