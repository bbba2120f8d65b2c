package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KafkaLinkTest {

  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

  private final KafkaLink link = new KafkaLink(START, Duration.ofSeconds(30));

  private static Instant at(long seconds) {
    return START.plusSeconds(seconds);
  }

  @Test
  void is_down_since_the_start_until_the_broker_first_answers() {
    assertThat(link.state(at(0)))
        .isEqualTo(new KafkaLink.State(false, START, "not connected to Kafka yet"));

    link.observe(at(1), 1, 0); // connecting, nothing heard yet
    assertThat(link.state(at(1)).connected()).isFalse();
    assertThat(link.state(at(1)).since()).isEqualTo(START);

    link.observe(at(2), 1, 3);
    assertThat(link.state(at(2))).isEqualTo(new KafkaLink.State(true, null, null));
  }

  @Test
  void losing_every_connection_is_a_loss_at_once() {
    link.observe(at(1), 2, 10);
    link.observe(at(5), 2, 20);

    link.observe(at(6), 0, 20);

    assertThat(link.state(at(7)))
        .isEqualTo(new KafkaLink.State(false, at(6), "no open connection to any Kafka broker"));
  }

  @Test
  void a_connection_attempt_to_a_broker_still_away_does_not_count_as_connected() {
    link.observe(at(1), 1, 10);
    link.observe(at(2), 0, 10);

    link.observe(at(3), 1, 10); // a socket opening, refused a moment later
    link.observe(at(4), 0, 10);
    link.observe(at(5), 1, 10);

    assertThat(link.state(at(5)).connected()).isFalse();
    assertThat(link.state(at(5)).since()).isEqualTo(at(2));

    link.observe(at(9), 1, 11); // the broker answered
    assertThat(link.state(at(9)).connected()).isTrue();
  }

  @Test
  void open_connections_that_hear_nothing_for_the_silence_limit_are_a_loss_since_the_last_answer() {
    link.observe(at(1), 1, 10);
    link.observe(at(20), 1, 11);
    link.observe(at(40), 1, 11);
    assertThat(link.state(at(50)).connected()).isTrue();

    KafkaLink.State state = link.state(at(51));

    assertThat(state.connected()).isFalse();
    assertThat(state.since()).isEqualTo(at(20));
    assertThat(state.reason()).isEqualTo("no response from Kafka for 31 s");
  }

  @Test
  void the_reason_carries_the_last_kafka_failure_seen_until_reconnected() {
    link.observe(at(1), 1, 10);
    link.observe(at(2), 0, 10);
    link.failure("TimeoutException: commit timed out");

    assertThat(link.state(at(3)).reason())
        .isEqualTo(
            "no open connection to any Kafka broker; last error: TimeoutException: commit timed out");

    link.observe(at(4), 1, 12);
    link.observe(at(5), 0, 12);
    assertThat(link.state(at(5)).reason()).isEqualTo("no open connection to any Kafka broker");
  }
}
