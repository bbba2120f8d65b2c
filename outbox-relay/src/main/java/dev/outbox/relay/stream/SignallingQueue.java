package dev.outbox.relay.stream;

import io.debezium.connector.base.QueueProvider;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The queue between Debezium's decoding thread and the engine's polling thread ({@code
 * queue.provider.type=outbox-relay}): an in-memory deque like Debezium's default ({@code memory}),
 * that also wakes the polling thread when a change is queued. With it the polling thread waits for
 * changes ({@link #awaitChanges}) instead of waking up every {@code poll.interval.ms} to look for
 * some, which cost an idle relay about a third of a core at a 2 ms interval.
 *
 * <p>Debezium calls {@link #enqueue}, {@link #poll} and {@link #size} under its queue's lock;
 * {@link #awaitChanges} and {@link #wakeUp} come from other threads without it.
 *
 * @param <T> what Debezium queues (its {@code DataChangeEvent})
 */
public final class SignallingQueue<T> implements QueueProvider<T> {

  /** The {@code queue.provider.type} that selects this queue (found through its service file). */
  public static final String TYPE = "outbox-relay";

  /**
   * Debezium makes and configures its queue provider while it starts a task, on the thread that
   * starts it; the task takes it from there ({@link #takeConfiguredOnThisThread}).
   */
  private static final ThreadLocal<SignallingQueue<?>> CONFIGURED = new ThreadLocal<>();

  private final ArrayDeque<T> changes = new ArrayDeque<>();
  private final AtomicInteger size = new AtomicInteger();
  private volatile Thread waiter;
  private volatile boolean woken;

  @Override
  public String name() {
    return TYPE;
  }

  @Override
  public void configure(Map<String, ?> properties) {
    CONFIGURED.set(this);
  }

  /** The queue configured last on this thread, if any, and forgets it. */
  static Optional<SignallingQueue<?>> takeConfiguredOnThisThread() {
    SignallingQueue<?> queue = CONFIGURED.get();
    CONFIGURED.remove();
    return Optional.ofNullable(queue);
  }

  @Override
  public void enqueue(T change) {
    changes.add(change);
    size.incrementAndGet();
    Thread waiting = waiter;
    if (waiting != null) {
      LockSupport.unpark(waiting);
    }
  }

  @Override
  public T poll() {
    T change = changes.poll();
    if (change != null) {
      size.decrementAndGet();
    }
    return change;
  }

  @Override
  public int size() {
    return size.get();
  }

  /**
   * Returns once a change is queued, {@link #wakeUp} was called, or {@code timeout} passed: at once
   * when a change is already queued. One thread at a time waits.
   */
  public void awaitChanges(Duration timeout) throws InterruptedException {
    if (size.get() > 0) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    // Set before the size is read again: an enqueue after that read sees the waiter and unparks it
    // (a permit given before the park makes the park return at once).
    waiter = Thread.currentThread();
    try {
      while (size.get() == 0 && !woken) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return;
        }
        LockSupport.parkNanos(this, remaining);
        if (Thread.interrupted()) {
          throw new InterruptedException("stopped while waiting for changes");
        }
      }
    } finally {
      waiter = null;
      woken = false;
    }
  }

  /** Makes the current (or the next) {@link #awaitChanges} return: the task is stopping. */
  public void wakeUp() {
    woken = true;
    Thread waiting = waiter;
    if (waiting != null) {
      LockSupport.unpark(waiting);
    }
  }
}
