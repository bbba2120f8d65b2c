package dev.outbox.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String SCRAPE =
      """
      # HELP outbox_relay_events_total Outbox events acknowledged by Kafka
      # TYPE outbox_relay_events_total counter
      outbox_relay_events_total{topic="customer.events",type="CustomerCreated",} 12.0
      outbox_relay_events_total{topic="customer.events",type="CustomerUpdated",} 3.0
      outbox_relay_events_total{topic="outbox.backfill.events",type="CustomerSnapshot",} 5.0
      outbox_consumer_freshness_seconds_bucket{consumer="order-app.customer-replica",le="0.5",} 4.0
      outbox_consumer_freshness_seconds_bucket{consumer="order-app.customer-replica",le="+Inf",} 6.0
      outbox_relay_lag_seconds -1.0
      weird_label{text="a \\"quoted\\" value, with a comma"} 1 1700000000000
      not a sample line
      """;

  @Test
  void samples_are_read_with_their_labels_and_summed_by_label() {
    PrometheusText text = PrometheusText.parse(SCRAPE);

    assertThat(text.sum("outbox_relay_events_total", s -> true)).isEqualTo(20.0);
    assertThat(
            text.sum("outbox_relay_events_total", s -> "customer.events".equals(s.label("topic"))))
        .isEqualTo(15.0);
    assertThat(text.labelValues("outbox_relay_events_total", "topic"))
        .containsExactly("customer.events", "outbox.backfill.events");
    assertThat(text.sum("outbox_relay_lag_seconds", s -> true)).isEqualTo(-1.0);
    assertThat(text.of("weird_label", s -> true).get(0).label("text"))
        .isEqualTo("a \"quoted\" value, with a comma");
    assertThat(text.of("outbox_consumer_freshness_seconds_bucket", s -> true).get(1).label("le"))
        .isEqualTo("+Inf");
  }

  @Test
  void a_metric_that_is_not_there_sums_to_null_not_zero() {
    assertThat(PrometheusText.parse(SCRAPE).sum("outbox_consumer_applied_total", s -> true))
        .isNull();
    assertThat(PrometheusText.empty().series()).isEmpty();
  }
}
