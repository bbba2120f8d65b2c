package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerHealthTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void view_age_is_the_time_since_the_newest_applied_event_and_empty_before_the_first() {
    var health =
        new ConsumerHealth(true, true, null, null, NOW, NOW.minusSeconds(90), List.of(), null);

    assertThat(health.viewAge(NOW)).contains(Duration.ofSeconds(90));
    assertThat(health.viewAge(NOW.minusSeconds(100))).contains(Duration.ZERO);
    assertThat(new ConsumerHealth(true, true, null, null, null, null, List.of(), null).viewAge(NOW))
        .isEmpty();
  }

  @Test
  void healthy_means_running_and_connected() {
    assertThat(new ConsumerHealth(true, true, null, null, null, null, List.of(), null).healthy())
        .isTrue();
    assertThat(new ConsumerHealth(true, false, NOW, "away", null, null, List.of(), null).healthy())
        .isFalse();
    assertThat(
            new ConsumerHealth(false, false, NOW, "closed", null, null, List.of(), null).healthy())
        .isFalse();
  }

  @Test
  void progress_keeps_the_newest_event_time_even_when_an_older_event_applies_later() {
    var progress = new AppliedProgress();

    progress.applied(NOW, NOW.minusSeconds(5));
    progress.applied(NOW.plusSeconds(1), NOW.minusSeconds(60)); // another partition, behind

    assertThat(progress.lastAppliedAt()).isEqualTo(NOW.plusSeconds(1));
    assertThat(progress.newestEventAt()).isEqualTo(NOW.minusSeconds(5));
  }
}
