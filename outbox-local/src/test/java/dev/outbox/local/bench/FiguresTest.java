package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {

  @Test
  void json_holds_every_name_with_null_for_what_was_not_measured() throws Exception {
    Figures figures = new Figures();
    figures.put("relay_drain_eps", 13_912.4, 0);
    figures.put("e2e_p99_ms", 19.04, 1);
    figures.put("load_before", List.of(2.5, 2.7, 3.1));

    JsonNode json = new ObjectMapper().readTree(figures.json());

    assertThat(json.size()).isEqualTo(Figures.NAMES.size());
    assertThat(json.get("relay_drain_eps").asText()).isEqualTo("13912");
    assertThat(json.get("e2e_p99_ms").asDouble()).isEqualTo(19.0);
    assertThat(json.get("polling_drain_eps").isNull()).isTrue();
    assertThat(json.get("load_before").size()).isEqualTo(3);
    assertThat(figures.json()).doesNotContain("\n");
  }

  @Test
  void the_keys_of_issue_10_are_there() {
    assertThat(Figures.NAMES)
        .contains(
            "relay_drain_eps",
            "relay_cpu_s_per_100k",
            "consumer_apply_eps",
            "consumer_apply_eps_single",
            "e2e_p50_ms",
            "e2e_p99_ms",
            "e2e_rate_tx_s",
            "e2e_p99_ms_1000",
            "polling_drain_eps",
            "scale_instances",
            "scale_apply_eps",
            "scale_ratio");
  }

  @Test
  void the_scaling_figures_are_arrays_one_element_per_pass() throws Exception {
    Figures figures = new Figures();
    figures.put("scale_instances", List.of(1, 2, 3));
    figures.put("scale_apply_eps", List.of(10_123.4, 12_000.6, Double.NaN), 0);
    figures.put("scale_ratio", List.of(1.0, 1.18543, 1.2), 2);
    figures.put("scale_partitions", List.of("3", "2+1", "1+1+1"));

    JsonNode json = new ObjectMapper().readTree(figures.json());

    assertThat(json.get("scale_instances").toString()).isEqualTo("[1,2,3]");
    assertThat(json.get("scale_apply_eps").toString()).isEqualTo("[10123,12001,null]");
    assertThat(json.get("scale_ratio").get(1).asDouble()).isEqualTo(1.19);
    assertThat(json.get("scale_partitions").get(1).asText()).isEqualTo("2+1");
    assertThat(json.get("scale_cpu_s_per_100k").isNull()).isTrue();
    assertThat(figures.list("scale_ratio")).hasSize(3);
    assertThat(figures.list("scale_machine_busy_pct")).isEmpty();
  }

  @Test
  void an_unknown_name_is_a_bug() {
    assertThatThrownBy(() -> new Figures().put("relay_drain", 1.0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
