package dev.outbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void without_spread_it_doubles_from_the_first_delay_up_to_the_ceiling() {
    assertThat(backoff.nominal(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.nominal(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.nominal(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.nominal(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.nominal(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.nominal(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void the_spread_is_a_fraction_either_way_and_never_passes_the_ceiling() {
    assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(3200));
    assertThat(backoff.delay(3, 1.0)).isEqualTo(Duration.ofMillis(4800));
    assertThat(backoff.delay(10, 1.0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(10, 0.0)).isEqualTo(Duration.ofSeconds(24));
  }

  @RepeatedTest(20)
  void random_delays_stay_within_the_spread() {
    Duration d = backoff.delay(2);
    assertThat(d).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
  }

  @Test
  void refuses_a_policy_that_makes_no_sense() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("first must be more than zero");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("must be at least first");
    assertThatThrownBy(() -> backoff.withJitter(1.5)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> backoff.delay(0)).hasMessageContaining("at least 1");
  }
}
