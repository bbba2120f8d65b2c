package dev.outbox.cli.console;

import dev.outbox.cli.status.DatabaseStatus;
import dev.outbox.cli.status.RunProcesses.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The values of one {@link Sample} that the charts and rates are made of, each keyed by the process
 * (or database) it came from, as {@link Counters} takes them. The metric names are those of the
 * dashboards in {@code deploy/}.
 */
final class Readings {

  static final String RELAY_EVENTS = "outbox_relay_events_total";
  static final String APPLIED = "outbox_consumer_applied_total";
  static final String FRESHNESS_BUCKET = "outbox_consumer_freshness_seconds_bucket";
  static final String FRESHNESS_OBJECTIVE = "outbox_consumer_freshness_objective_seconds";

  private Readings() {}

  /** The rows ever inserted into a database's outbox (the server's statistics). */
  static Map<String, Double> outboxInserted(Sample sample, String database) {
    Sample.DatabaseReading reading = sample.databases().get(database);
    if (reading == null || !reading.read() || reading.status().outbox().inserted() == null) {
      return Map.of();
    }
    return Map.of(database, (double) reading.status().outbox().inserted());
  }

  /** Events the relays of {@code database} got acknowledged, to {@code topic} (null: all). */
  static Map<String, Double> relayEvents(Sample sample, String database, String topic) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Sample.ProcessReading p : sample.processes()) {
      if (p.status().process().kind() != Kind.RELAY
          || !p.status().process().database().equals(database)) {
        continue;
      }
      Double sum =
          p.metrics().sum(RELAY_EVENTS, s -> topic == null || topic.equals(s.label("topic")));
      if (sum != null) {
        values.put(p.name(), sum);
      } else if (!p.metrics().series().isEmpty()) {
        values.put(p.name(), 0.0); // it answered: nothing relayed yet
      }
    }
    return values;
  }

  /** Events {@code consumer} applied, by app instance. */
  static Map<String, Double> applied(Sample sample, String consumer) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Sample.ProcessReading p : sample.processes()) {
      Double sum = p.metrics().sum(APPLIED, s -> consumer.equals(s.label("consumer")));
      if (sum != null) {
        values.put(p.name(), sum);
      }
    }
    return values;
  }

  /** The freshness histogram of {@code consumer} by app instance: {@code le} to count. */
  static Map<String, NavigableMap<Double, Double>> freshness(Sample sample, String consumer) {
    Map<String, NavigableMap<Double, Double>> values = new LinkedHashMap<>();
    for (Sample.ProcessReading p : sample.processes()) {
      NavigableMap<Double, Double> buckets = new TreeMap<>();
      for (PrometheusText.Series s :
          p.metrics().of(FRESHNESS_BUCKET, s -> consumer.equals(s.label("consumer")))) {
        Double le = le(s.label("le"));
        if (le != null) {
          buckets.merge(le, s.value(), Double::sum);
        }
      }
      if (!buckets.isEmpty()) {
        values.put(p.name(), buckets);
      }
    }
    return values;
  }

  /** The freshness objective of {@code consumer} in seconds, as its instances report it. */
  static Double objective(Sample sample, String consumer) {
    return sample.processes().stream()
        .flatMap(
            p ->
                p
                    .metrics()
                    .of(FRESHNESS_OBJECTIVE, s -> consumer.equals(s.label("consumer")))
                    .stream())
        .map(PrometheusText.Series::value)
        .max(Double::compare)
        .orElse(null);
  }

  /** The relay slots of a database as its views say; empty when it was not read. */
  static java.util.List<DatabaseStatus.Relay> slots(Sample sample, String database) {
    Sample.DatabaseReading reading = sample.databases().get(database);
    return reading == null || !reading.read() ? java.util.List.of() : reading.status().relays();
  }

  private static Double le(String text) {
    if (text == null) {
      return null;
    }
    if (text.equals("+Inf")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
