package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.client.consume.RetryState.Action;
import dev.outbox.client.consume.RetryState.Decision;
import dev.outbox.client.consume.RetryState.Failure;
import dev.outbox.client.consume.RetryState.Step;
import dev.outbox.config.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryStateTest {

  // No spread, so that the delays can be compared exactly.
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(0);

  private final RetryState retry = new RetryState(3, BACKOFF);

  @Test
  void an_applied_record_is_committed_past() {
    assertThat(retry.next(41)).isEqualTo(Step.PROCESS);

    Decision decision = retry.succeeded(41);

    assertThat(decision.action()).isEqualTo(Action.COMMIT);
    assertThat(decision.commitOffset()).isEqualTo(42);
  }

  @Test
  void a_transient_failure_waits_longer_each_time_and_never_parks() {
    for (int attempt = 1; attempt <= 20; attempt++) {
      assertThat(retry.next(7)).isEqualTo(Step.PROCESS);
      Decision decision = retry.failed(7, Failure.TRANSIENT, "database away");
      assertThat(decision.action()).isEqualTo(Action.RETRY_LATER);
      assertThat(decision.delay()).isEqualTo(BACKOFF.nominal(attempt));
    }
    assertThat(retry.transientFailures()).isEqualTo(20);
    assertThat(retry.next(7).park()).isFalse();
  }

  @Test
  void a_permanent_failure_is_retried_until_max_attempts_then_parked_at_once_with_its_error() {
    assertThat(retry.failed(7, Failure.PERMANENT, "bad 1"))
        .isEqualTo(Decision.retryLater(Duration.ofMillis(100)));
    assertThat(retry.next(7)).isEqualTo(Step.PROCESS);
    assertThat(retry.failed(7, Failure.PERMANENT, "bad 2"))
        .isEqualTo(Decision.retryLater(Duration.ofMillis(200)));
    assertThat(retry.next(7)).isEqualTo(Step.PROCESS);

    assertThat(retry.failed(7, Failure.PERMANENT, "bad 3").action()).isEqualTo(Action.PARK_NOW);
    assertThat(retry.next(7)).isEqualTo(new Step(true, 3, "bad 3"));
  }

  @Test
  void transient_failures_between_permanent_ones_lengthen_the_wait_but_do_not_count_as_attempts() {
    retry.failed(7, Failure.PERMANENT, "bad");
    retry.failed(7, Failure.TRANSIENT, "away");
    assertThat(retry.failed(7, Failure.TRANSIENT, "away").delay())
        .isEqualTo(Duration.ofMillis(400));

    assertThat(retry.failed(7, Failure.PERMANENT, "bad").delay()).isEqualTo(Duration.ofMillis(800));
    assertThat(retry.next(7).park()).isFalse();
    assertThat(retry.failed(7, Failure.PERMANENT, "bad").action()).isEqualTo(Action.PARK_NOW);
  }

  @Test
  void a_failed_park_is_retried_with_its_own_backoff_keeping_the_records_error() {
    retry.failed(7, Failure.PERMANENT, "bad 1");
    retry.failed(7, Failure.TRANSIENT, "away");
    retry.failed(7, Failure.PERMANENT, "bad 2");
    retry.failed(7, Failure.PERMANENT, "bad 3");

    assertThat(retry.failed(7, Failure.PARK_FAILED, "dead_letter insert failed"))
        .isEqualTo(Decision.retryLater(Duration.ofMillis(100)));
    assertThat(retry.failed(7, Failure.PARK_FAILED, "dead_letter insert failed").delay())
        .isEqualTo(Duration.ofMillis(200));
    assertThat(retry.next(7)).isEqualTo(new Step(true, 3, "bad 3"));

    assertThat(retry.succeeded(7).commitOffset()).isEqualTo(8);
  }

  @Test
  void one_attempt_parks_at_the_first_permanent_failure() {
    var once = new RetryState(1, BACKOFF);

    assertThat(once.failed(0, Failure.PERMANENT, "bad").action()).isEqualTo(Action.PARK_NOW);
    assertThat(once.next(0)).isEqualTo(new Step(true, 1, "bad"));
  }

  @Test
  void another_record_starts_with_no_failures() {
    retry.failed(7, Failure.PERMANENT, "bad");
    retry.failed(7, Failure.PERMANENT, "bad");

    // After a rebalance the partition resumed further on, or the record was applied elsewhere.
    assertThat(retry.next(9)).isEqualTo(Step.PROCESS);
    assertThat(retry.permanentFailures()).isZero();
    assertThat(retry.failed(9, Failure.PERMANENT, "bad").action()).isEqualTo(Action.RETRY_LATER);

    retry.succeeded(9);
    assertThat(retry.failed(9, Failure.PERMANENT, "bad again").delay())
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void refuses_nonsense() {
    assertThatThrownBy(() -> new RetryState(0, BACKOFF))
        .hasMessageContaining("maxAttempts cannot be less than 1");
    assertThatThrownBy(() -> retry.next(-1)).hasMessageContaining("offset cannot be negative");
  }
}
