package dev.outbox.local.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The figures of one run, by the names of {@code bin/outbox bench --json}. Every name is present
 * from the start; a figure of a skipped phase (or one that cannot be known, such as the peak heap
 * of a JVM that never collected) stays {@code null}.
 */
final class Figures {

  /**
   * The names in the order of the JSON object; those of the 1,000 tx/s run end in {@code _1000}.
   * Those of the scaling phase ({@code scale_}) are arrays, one element per pass, in the order of
   * {@code scale_instances}.
   */
  static final List<String> NAMES =
      List.of(
          "events",
          "relay_drain_eps",
          "relay_drain_eps_from_start",
          "relay_cpu_s_per_100k",
          "relay_cpu_s_per_100k_from_start",
          "relay_peak_rss_mib",
          "relay_peak_heap_mib",
          "relay_pg_cpu_s_per_100k",
          "relay_kafka_cpu_s_per_100k",
          "polling_drain_eps",
          "polling_drain_eps_from_start",
          "polling_cpu_s_per_100k",
          "polling_cpu_s_per_100k_from_start",
          "polling_peak_rss_mib",
          "polling_peak_heap_mib",
          "polling_pg_cpu_s_per_100k",
          "polling_kafka_cpu_s_per_100k",
          "relay_polling_drain_ratio",
          "relay_polling_cpu_ratio",
          "consumer_apply_eps",
          "consumer_apply_batch_size",
          "consumer_cpu_s_per_100k",
          "consumer_apply_eps_single",
          "consumer_apply_events_single",
          "consumer_cpu_s_per_100k_single",
          "consumer_apply_ratio",
          "scale_events",
          "scale_instances",
          "scale_apply_eps",
          "scale_ratio",
          "scale_cpu_s_per_100k",
          "scale_pg_cpu_s_per_100k",
          "scale_machine_busy_pct",
          "scale_partitions",
          "e2e_offered_tx_s",
          "e2e_rate_tx_s",
          "e2e_events",
          "e2e_p50_ms",
          "e2e_p99_ms",
          "e2e_max_ms",
          "e2e_relay_cpu_pct",
          "e2e_consumer_cpu_pct",
          "e2e_offered_tx_s_1000",
          "e2e_rate_tx_s_1000",
          "e2e_events_1000",
          "e2e_p50_ms_1000",
          "e2e_p99_ms_1000",
          "e2e_max_ms_1000",
          "e2e_relay_cpu_pct_1000",
          "e2e_consumer_cpu_pct_1000",
          "relay_idle_cpu_pct",
          "consumer_idle_cpu_pct",
          "postgres",
          "cores",
          "load_before",
          "load_after",
          "skipped",
          "duration_s");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> values = new LinkedHashMap<>();

  Figures() {
    NAMES.forEach(name -> values.put(name, null));
  }

  /** A measured value, rounded to {@code decimals}. */
  void put(String name, double value, int decimals) {
    require(name);
    values.put(name, round(value, decimals));
  }

  void put(String name, long value) {
    require(name);
    values.put(name, value);
  }

  void put(String name, OptionalLong value) {
    require(name);
    values.put(name, value.isPresent() ? value.getAsLong() : null);
  }

  void put(String name, String value) {
    require(name);
    values.put(name, value);
  }

  void put(String name, List<?> value) {
    require(name);
    values.put(name, List.copyOf(value));
  }

  /** Measured values, one per pass, each rounded to {@code decimals}; one not known is null. */
  void put(String name, List<Double> value, int decimals) {
    require(name);
    List<BigDecimal> rounded = new ArrayList<>();
    for (double v : value) {
      rounded.add(round(v, decimals));
    }
    values.put(name, Collections.unmodifiableList(rounded));
  }

  /** The value, or null when it is not known. */
  Object get(String name) {
    require(name);
    return values.get(name);
  }

  /** The value as a double, or NaN when it is not known. */
  double number(String name) {
    Object value = get(name);
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The list, or an empty one when it is not known. */
  List<?> list(String name) {
    Object value = get(name);
    return value instanceof List<?> l ? l : List.of();
  }

  /** One line of JSON with every name. */
  String json() {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("figures as JSON: " + e.getMessage(), e);
    }
  }

  private static BigDecimal round(double value, int decimals) {
    return Double.isFinite(value)
        ? BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP)
        : null;
  }

  private static void require(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("no figure named " + name);
    }
  }
}
