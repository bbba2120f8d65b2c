package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.config.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionRetriesTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private final PartitionRetries<String> retries =
      new PartitionRetries<>(3, Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)));

  @Test
  void each_partition_has_its_own_state() {
    retries.of("p0").failed(5, RetryState.Failure.PERMANENT, "bad");

    assertThat(retries.of("p0").permanentFailures()).isEqualTo(1);
    assertThat(retries.of("p1").permanentFailures()).isZero();
    assertThat(retries.of("p0")).isSameAs(retries.of("p0"));
  }

  @Test
  void a_paused_partition_is_due_once_its_pause_ended_and_only_once() {
    retries.pauseUntil("p0", NOW.plusMillis(300));
    retries.pauseUntil("p1", NOW.plusMillis(100));

    assertThat(retries.due(NOW)).isEmpty();
    assertThat(retries.due(NOW.plusMillis(100))).containsExactly("p1");
    assertThat(retries.isPaused("p0")).isTrue();
    assertThat(retries.isPaused("p1")).isFalse();
    assertThat(retries.due(NOW.plusMillis(299))).isEmpty();
    assertThat(retries.due(NOW.plusSeconds(5))).containsExactly("p0");
    assertThat(retries.due(NOW.plusSeconds(6))).isEmpty();
  }

  @Test
  void the_poll_waits_no_longer_than_the_next_pause_end() {
    Duration max = Duration.ofMillis(200);
    assertThat(retries.nextPoll(NOW, max)).isEqualTo(max);

    retries.pauseUntil("p0", NOW.plusMillis(500));
    assertThat(retries.nextPoll(NOW, max)).isEqualTo(max);

    retries.pauseUntil("p1", NOW.plusMillis(30));
    assertThat(retries.nextPoll(NOW, max)).isEqualTo(Duration.ofMillis(30));
    assertThat(retries.nextPoll(NOW.plusSeconds(1), max)).isEqualTo(Duration.ZERO);
  }

  @Test
  void forgotten_partitions_lose_their_failures_and_pauses() {
    retries.of("p0").failed(5, RetryState.Failure.PERMANENT, "bad");
    retries.pauseUntil("p0", NOW.plusSeconds(1));

    retries.forget(List.of("p0"));

    assertThat(retries.isPaused("p0")).isFalse();
    assertThat(retries.due(NOW.plusSeconds(2))).isEmpty();
    assertThat(retries.of("p0").permanentFailures()).isZero();
  }
}
