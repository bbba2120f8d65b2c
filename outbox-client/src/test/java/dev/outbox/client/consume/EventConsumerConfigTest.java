package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventConsumerConfigTest {

  private final EventConsumerConfig defaults = EventConsumerConfig.defaults("orders", "k:9092");

  @Test
  void rejects_bad_values_naming_them() {
    assertThatThrownBy(() -> defaults.withMaxAttempts(0))
        .hasMessageContaining("maxAttempts cannot be less than 1");
    assertThatThrownBy(() -> defaults.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> EventConsumerConfig.defaults("no spaces", "k:9092"))
        .hasMessageContaining("name must be");
    assertThatThrownBy(() -> defaults.withKafkaProperty("enable.auto.commit", "true"))
        .hasMessageContaining("enable.auto.commit cannot be true");
  }

  @Test
  void backoff_doubles_up_to_its_cap_spread_by_a_fifth() {
    var backoff = defaults.withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).backoff();

    assertThat(backoff.nominal(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.nominal(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.nominal(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.nominal(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.nominal(1000)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(2, 0)).isEqualTo(Duration.ofMillis(160));
    assertThat(backoff.delay(2, 1)).isEqualTo(Duration.ofMillis(240));
    assertThat(backoff.delay(1000, 1)).isEqualTo(Duration.ofMillis(500));
  }
}
