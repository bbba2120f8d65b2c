package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tokenizer that finds the metric names of the rules' and dashboards' expressions. */
class PromQlTest {

  @Test
  void a_selector_with_matchers_and_a_comparison_names_its_metric() {
    assertThat(PromQl.metricNames("up{job=\"outbox-relay\"} == 0")).containsExactly("up");
    assertThat(PromQl.metricNames("max by (slot) (outbox_relay_slot_lag_bytes) > 268435456"))
        .containsExactly("outbox_relay_slot_lag_bytes");
  }

  @Test
  void functions_aggregations_label_lists_ranges_and_numbers_are_not_metrics() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (consumer, le)"
                    + " (rate(outbox_consumer_freshness_seconds_bucket{consumer=~\"$consumer\"}"
                    + "[$__rate_interval])))"))
        .containsExactly("outbox_consumer_freshness_seconds_bucket");
    assertThat(
            PromQl.metricNames(
                "sum without (instance) (increase(a_total[10m] offset 1h)) / ignoring (kind)"
                    + " group_left (x) b_count > bool 1e6"))
        .containsExactly("a_total", "b_count");
  }

  @Test
  void set_operators_and_label_values_in_strings_are_not_metrics() {
    assertThat(
            PromQl.metricNames(
                "max by (c) (t_rows{table=\"dead_letter_open\"}) > 0\nor\n"
                    + "sum by (c) (increase(parked_total{status=\"PARKED\", x='or up'}[10m])) > 0"
                    + " unless on (c) absent(other_metric)"))
        .containsExactly("other_metric", "parked_total", "t_rows");
  }

  @Test
  void grafana_variables_outside_strings_are_not_metrics() {
    assertThat(PromQl.metricNames("rate(x_total[$__rate_interval]) * ${factor} + $offset"))
        .containsExactly("x_total");
  }

  @Test
  void a_template_query_of_label_values_names_its_selectors_metric_not_the_label() {
    assertThat(PromQl.templateMetricNames("label_values(outbox_relay_role, slot)"))
        .containsExactly("outbox_relay_role");
    assertThat(PromQl.templateMetricNames("label_values(outbox_relay_role{role=\"active\"}, slot)"))
        .containsExactly("outbox_relay_role");
    assertThat(PromQl.templateMetricNames("count by (slot) (outbox_relay_role)"))
        .containsExactly("outbox_relay_role");
  }
}
