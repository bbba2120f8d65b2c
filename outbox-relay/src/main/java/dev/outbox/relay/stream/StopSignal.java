package dev.outbox.relay.stream;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Raised once when the relay stops; waits that must end on a stop wait on it. */
public final class StopSignal {

  private final CountDownLatch raised = new CountDownLatch(1);

  public void raise() {
    raised.countDown();
  }

  public boolean isRaised() {
    return raised.getCount() == 0;
  }

  /**
   * Waits for the given time unless the signal is raised first.
   *
   * @return true when the signal was raised
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return raised.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
