package dev.outbox.relay.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The queue between Debezium's decoding thread and the engine's polling thread. */
class SignallingQueueTest {

  /** Far longer than any test waits: a wait that ends ended because it was woken. */
  private static final Duration FOREVER = Duration.ofMinutes(10);

  private final SignallingQueue<String> queue = new SignallingQueue<>();

  @Test
  void changes_come_out_in_the_order_they_went_in() {
    queue.enqueue("a");
    queue.enqueue("b");

    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.poll()).isEqualTo("a");
    assertThat(queue.poll()).isEqualTo("b");
    assertThat(queue.poll()).isNull();
    assertThat(queue.size()).isZero();
  }

  @Test
  void a_wait_returns_at_once_when_a_change_is_queued() throws Exception {
    queue.enqueue("a");

    CompletableFuture<Void> waited = waitOnAnotherThread(FOREVER);

    await().atMost(Duration.ofSeconds(30)).until(waited::isDone);
    assertThat(waited).isCompleted();
  }

  @Test
  void a_waiting_poller_is_woken_by_the_next_change() throws Exception {
    AtomicReference<Thread> poller = new AtomicReference<>();
    CompletableFuture<Void> waited =
        CompletableFuture.runAsync(
            () -> {
              poller.set(Thread.currentThread());
              awaitChanges(FOREVER);
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> parkedInTheQueue(poller.get()));
    assertThat(waited).isNotDone();

    queue.enqueue("a");

    await().atMost(Duration.ofSeconds(30)).until(waited::isDone);
    assertThat(waited).isCompleted();
  }

  @Test
  void a_stopping_task_wakes_its_waiting_poller() throws Exception {
    AtomicReference<Thread> poller = new AtomicReference<>();
    CompletableFuture<Void> waited =
        CompletableFuture.runAsync(
            () -> {
              poller.set(Thread.currentThread());
              awaitChanges(FOREVER);
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> parkedInTheQueue(poller.get()));

    queue.wakeUp();

    await().atMost(Duration.ofSeconds(30)).until(waited::isDone);
    assertThat(waited).isCompleted();
    assertThat(queue.size()).isZero();
  }

  @Test
  void a_wait_without_changes_ends_after_its_timeout() throws Exception {
    CompletableFuture<Void> waited = waitOnAnotherThread(Duration.ofMillis(50));

    await().atMost(Duration.ofSeconds(30)).until(waited::isDone);
    assertThat(waited).isCompleted();
  }

  @Test
  void an_interrupted_wait_throws() {
    Thread.currentThread().interrupt();
    try {
      queue.awaitChanges(FOREVER);
      throw new AssertionError("the wait returned although the thread was interrupted");
    } catch (InterruptedException expected) {
      assertThat(expected).hasMessageContaining("stopped");
    }
  }

  private CompletableFuture<Void> waitOnAnotherThread(Duration timeout) {
    return CompletableFuture.runAsync(() -> awaitChanges(timeout));
  }

  private void awaitChanges(Duration timeout) {
    try {
      queue.awaitChanges(timeout);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean parkedInTheQueue(Thread thread) {
    if (thread == null || thread.getState() != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(SignallingQueue.class.getName())
          && frame.getMethodName().equals("awaitChanges")) {
        return true;
      }
    }
    return false;
  }
}
