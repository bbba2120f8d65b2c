package dev.outbox.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void formats_as_a_duration_setting_reads() {
    assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(Durations.format(Duration.ofMillis(604_800_001L))).isEqualTo("604800001ms");
    assertThat(Parsers.duration(Durations.format(Duration.ofMinutes(90))))
        .isEqualTo(Duration.ofMinutes(90));
  }
}
