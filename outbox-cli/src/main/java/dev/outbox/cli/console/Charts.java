package dev.outbox.cli.console;

import dev.outbox.cli.console.Overview.Chart;
import dev.outbox.cli.console.Overview.Line;
import dev.outbox.cli.status.DatabaseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The overview's charts, always all of them in this order (docs/console.md): one point per sample
 * of the last 10 minutes; a rate needs the sample before it, so the first has none; a point whose
 * value is not known is left out.
 */
final class Charts {

  private Charts() {}

  static List<Chart> empty() {
    return List.of(
        new Chart("outbox-writes", "Outbox writes", "events/s", List.of()),
        new Chart("relay-events", "Relayed events", "events/s", List.of()),
        new Chart("relay-lag-bytes", "Relay lag", "bytes", List.of()),
        new Chart("relay-lag-seconds", "Relay lag", "s", List.of()),
        new Chart("wal-held", "WAL held by the slot", "bytes", List.of()),
        new Chart("freshness", "Freshness (commit to visible in the view)", "s", List.of()),
        new Chart("applied", "Events applied", "events/s", List.of()));
  }

  static List<Chart> of(List<Sample> samples, Topology topology) {
    List<Line> writes = new ArrayList<>();
    List<Line> relayed = new ArrayList<>();
    List<Line> lagBytes = new ArrayList<>();
    List<Line> lagSeconds = new ArrayList<>();
    List<Line> walHeld = new ArrayList<>();
    for (String database : topology.databases()) {
      writes.add(rates(database, samples, s -> Readings.outboxInserted(s, database)));
      relayed.add(rates(database, samples, s -> Readings.relayEvents(s, database, null)));
      lagBytes.add(
          gauge(
              database,
              samples,
              s -> max(Readings.slots(s, database), r -> (double) r.lagBytes())));
      lagSeconds.add(
          gauge(
              database,
              samples,
              s ->
                  max(
                      Readings.slots(s, database),
                      r -> r.lagTime() == null ? 0.0 : r.lagTime().toMillis() / 1000.0)));
      walHeld.add(
          gauge(
              database,
              samples,
              s -> max(Readings.slots(s, database), r -> (double) r.walRetainedBytes())));
    }
    List<Line> freshness = new ArrayList<>();
    List<Line> applied = new ArrayList<>();
    for (String consumer : topology.consumers().keySet()) {
      freshness.add(percentiles(consumer + " p50", samples, consumer, 0.5));
      freshness.add(percentiles(consumer + " p99", samples, consumer, 0.99));
      applied.add(rates(consumer, samples, s -> Readings.applied(s, consumer)));
    }
    List<Chart> charts = new ArrayList<>();
    List<List<Line>> lines =
        List.of(writes, relayed, lagBytes, lagSeconds, walHeld, freshness, applied);
    List<Chart> shapes = empty();
    for (int i = 0; i < shapes.size(); i++) {
      Chart shape = shapes.get(i);
      charts.add(new Chart(shape.id(), shape.title(), shape.unit(), lines.get(i)));
    }
    return charts;
  }

  private static Line rates(
      String name, List<Sample> samples, Function<Sample, Map<String, Double>> reading) {
    return line(
        name,
        samples,
        (list, i) -> {
          if (i < 1) {
            return null;
          }
          Sample before = list.get(i - 1);
          Sample after = list.get(i);
          return Counters.rate(
              reading.apply(before),
              reading.apply(after),
              Duration.between(before.at(), after.at()));
        });
  }

  private static Line gauge(String name, List<Sample> samples, Function<Sample, Double> reading) {
    return line(name, samples, (list, i) -> reading.apply(list.get(i)));
  }

  private static Line percentiles(String name, List<Sample> samples, String consumer, double q) {
    return line(name, samples, (list, i) -> Overview.percentile(list, i, consumer, q));
  }

  private static Line line(
      String name, List<Sample> samples, BiFunction<List<Sample>, Integer, Double> value) {
    List<List<Number>> points = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Double v = value.apply(samples, i);
      if (v != null && !v.isNaN() && !v.isInfinite()) {
        points.add(List.of(samples.get(i).at().toEpochMilli(), v));
      }
    }
    return new Line(name, points);
  }

  private static Double max(
      List<DatabaseStatus.Relay> slots, Function<DatabaseStatus.Relay, Double> value) {
    return slots.stream().map(value).max(Double::compare).orElse(null);
  }
}
