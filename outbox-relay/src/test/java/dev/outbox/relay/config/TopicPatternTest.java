package dev.outbox.relay.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPatternTest {

  @Test
  void placeholder_is_replaced_by_the_aggregate_type() {
    assertThat(TopicPattern.parse("{aggregate_type}.events").topicFor("order"))
        .isEqualTo("order.events");
    assertThat(TopicPattern.parse("shop.{aggregate_type}-v1").topicFor("customer"))
        .isEqualTo("shop.customer-v1");
  }
}
