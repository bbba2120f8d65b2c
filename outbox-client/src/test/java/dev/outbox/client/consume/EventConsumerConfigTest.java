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
    assertThatThrownBy(() -> defaults.withSessionTimeout(Duration.ofMillis(500)))
        .hasMessageContaining("sessionTimeout must be 1 s or more");
    assertThatThrownBy(() -> defaults.withMaxPollInterval(Duration.ZERO))
        .hasMessageContaining("maxPollInterval must be 1 ms or more");
    assertThatThrownBy(() -> defaults.withMaxPollInterval(Duration.ofDays(30)))
        .hasMessageContaining("fit Kafka's int of milliseconds");
  }

  @Test
  void the_rebalance_settings_cannot_be_given_as_kafka_properties_and_the_error_says_what_to_set() {
    assertThatThrownBy(() -> defaults.withKafkaProperty("session.timeout.ms", "45000"))
        .hasMessage(
            "session.timeout.ms cannot be set as a Kafka property: set sessionTimeout"
                + " (withSessionTimeout); the heartbeat interval follows from it");
    assertThatThrownBy(() -> defaults.withKafkaProperty("heartbeat.interval.ms", "1000"))
        .hasMessageContaining("set sessionTimeout");
    assertThatThrownBy(() -> defaults.withKafkaProperty("max.poll.interval.ms", "1000"))
        .hasMessageContaining("set maxPollInterval (withMaxPollInterval)");
    assertThatThrownBy(
            () ->
                defaults.withKafkaProperty(
                    "partition.assignment.strategy",
                    "org.apache.kafka.clients.consumer.RangeAssignor"))
        .hasMessageContaining("cooperative sticky assignor");
    assertThatThrownBy(() -> defaults.withKafkaProperty("group.protocol", "consumer"))
        .hasMessageContaining("classic group protocol");
  }

  @Test
  void every_consumer_uses_the_cooperative_sticky_assignor_and_the_timeouts_of_its_settings() {
    var config =
        defaults
            .withSessionTimeout(Duration.ofSeconds(6))
            .withMaxPollInterval(Duration.ofSeconds(90))
            .withKafkaProperty("client.id", "orders-1");

    var properties = EventConsumer.kafkaProperties(config);

    assertThat(properties)
        .containsEntry(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
        .containsEntry("group.protocol", "classic")
        .containsEntry("session.timeout.ms", "6000")
        .containsEntry("heartbeat.interval.ms", "2000")
        .containsEntry("max.poll.interval.ms", "90000")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("group.id", "orders")
        .containsEntry("client.id", "orders-1");
  }

  @Test
  void the_session_timeout_is_ten_seconds_by_default_with_kafkas_heartbeat_of_three() {
    assertThat(defaults.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(defaults.maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(EventConsumer.kafkaProperties(defaults))
        .containsEntry("session.timeout.ms", "10000")
        .containsEntry("heartbeat.interval.ms", "3000")
        .containsEntry("max.poll.interval.ms", "300000");
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
