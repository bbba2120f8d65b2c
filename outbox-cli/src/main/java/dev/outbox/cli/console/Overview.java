package dev.outbox.cli.console;

import dev.outbox.cli.health.CheckHealth;
import dev.outbox.cli.health.ProcessState;
import dev.outbox.cli.status.DatabaseStatus;
import dev.outbox.cli.status.Formats;
import dev.outbox.cli.status.HealthRules;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The answer of {@code GET /api/overview} (docs/console.md): the flow picture with each box's
 * state, the charts of the last 10 minutes, the open dead letters and the sources that failed, all
 * made from the {@link Sampler}'s samples.
 */
public record Overview(
    Instant generatedAt,
    boolean actionsEnabled,
    Flow flow,
    List<Chart> charts,
    List<DeadLetter> deadLetters,
    List<String> problems) {

  /** The time is kept to the millisecond, as the page shows it and JavaScript parses it. */
  public Overview {
    generatedAt = generatedAt == null ? null : generatedAt.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Samples a percentile is computed over: 30 s, so that a quiet 2 s has one. */
  static final int PERCENTILE_WINDOW = 15;

  public record Flow(List<Box> boxes, List<Arrow> arrows) {}

  /** A box of the picture; {@code state} is one of {@link State}'s labels. */
  public record Box(String id, String kind, String label, String state, String detail) {}

  /** An arrow; {@code rate} in events/s, null when not known yet. */
  public record Arrow(String from, String to, Double rate) {}

  public record Chart(String id, String title, String unit, List<Line> lines) {}

  /** A line of a chart: points {@code [epoch millis, value]}. */
  public record Line(String name, List<List<Number>> points) {}

  public record DeadLetter(
      String database,
      String consumer,
      String eventId,
      String eventType,
      String aggregateType,
      String aggregateId,
      String status,
      int attempts,
      String error,
      Instant parkedAt,
      long blockedBehind) {}

  /** The states of a box. */
  public enum State {
    HEALTHY,
    LAGGING,
    DOWN,
    STANDBY,
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param samples oldest first; the newest is what the picture shows
   * @param now when it is made
   */
  public static Overview of(
      List<Sample> samples, HealthRules rules, boolean actionsEnabled, Instant now) {
    if (samples.isEmpty()) {
      return new Overview(
          now,
          actionsEnabled,
          new Flow(List.of(), List.of()),
          Charts.empty(),
          List.of(),
          List.of("the console has not read its sources yet"));
    }
    Sample latest = samples.get(samples.size() - 1);
    Sample previous = samples.size() > 1 ? samples.get(samples.size() - 2) : null;
    Topology topology = Topology.of(latest);
    List<Box> boxes = new ArrayList<>();
    List<Arrow> arrows = new ArrayList<>();
    Map<String, State> relayStates = new LinkedHashMap<>();
    Map<String, State> consumerStates = new LinkedHashMap<>();
    for (String database : topology.databases()) {
      boxes.add(databaseBox(latest.databases().get(database)));
      Box relay = relayBox(database, topology, latest, rules);
      relayStates.put(database, State.valueOf(relay.state().toUpperCase(Locale.ROOT)));
      boxes.add(relay);
      arrows.add(
          new Arrow(
              "database:" + database,
              relay.id(),
              rate(previous, latest, (s, x) -> Readings.outboxInserted(s, database))));
      for (String topic : topology.relayTopics().getOrDefault(database, java.util.Set.of())) {
        arrows.add(
            new Arrow(
                relay.id(),
                "topic:" + topic,
                rate(previous, latest, (s, x) -> Readings.relayEvents(s, database, topic))));
      }
    }
    List<Box> consumerBoxes = new ArrayList<>();
    for (Topology.Consumer consumer : topology.consumers().values()) {
      Box box = consumerBox(consumer, samples, latest);
      consumerStates.put(consumer.name(), State.valueOf(box.state().toUpperCase(Locale.ROOT)));
      consumerBoxes.add(box);
      if (consumer.topic() != null) {
        arrows.add(
            new Arrow(
                "topic:" + consumer.topic(),
                box.id(),
                rate(previous, latest, (s, x) -> Readings.applied(s, consumer.name()))));
      }
    }
    for (String topic : topology.topics()) {
      boxes.add(topicBox(topic, topology, latest, relayStates, consumerStates));
    }
    boxes.addAll(consumerBoxes);
    return new Overview(
        now,
        actionsEnabled,
        new Flow(boxes, arrows),
        Charts.of(samples, topology),
        deadLetters(latest),
        latest.problems());
  }

  private static Double rate(
      Sample before, Sample after, BiFunction<Sample, Void, Map<String, Double>> reading) {
    if (before == null) {
      return null;
    }
    return Counters.rate(
        reading.apply(before, null),
        reading.apply(after, null),
        Duration.between(before.at(), after.at()));
  }

  private static Box databaseBox(Sample.DatabaseReading reading) {
    String id = "database:" + reading.database();
    if (!reading.read()) {
      return new Box(
          id,
          "database",
          reading.database(),
          State.DOWN.label(),
          "not readable: " + reading.error());
    }
    return new Box(
        id, "database", reading.database(), State.HEALTHY.label(), "PostgreSQL " + reading.host());
  }

  private static Box relayBox(
      String database, Topology topology, Sample latest, HealthRules rules) {
    String id = "relay:" + database;
    String label = database + " relay";
    List<Sample.ProcessReading> instances = topology.relays().getOrDefault(database, List.of());
    if (instances.isEmpty()) {
      return new Box(id, "relay", label, State.UNKNOWN.label(), "no relay is known");
    }
    List<Sample.ProcessReading> streaming =
        instances.stream()
            .filter(r -> r.status().health().state() == ProcessState.UP)
            .filter(r -> r.status().role().filter("standby"::equals).isEmpty())
            .toList();
    if (!streaming.isEmpty()) {
      List<DatabaseStatus.Relay> slots = Readings.slots(latest, database);
      long lagBytes = slots.stream().mapToLong(DatabaseStatus.Relay::lagBytes).max().orElse(0);
      Duration lagTime =
          slots.stream()
              .map(DatabaseStatus.Relay::lagTime)
              .filter(java.util.Objects::nonNull)
              .max(Duration::compareTo)
              .orElse(Duration.ZERO);
      boolean lagging = lagBytes > rules.maxLagBytes() || lagTime.compareTo(rules.maxLagTime()) > 0;
      return new Box(
          id,
          "relay",
          label,
          (lagging ? State.LAGGING : State.HEALTHY).label(),
          "streaming, lag "
              + Formats.bytes(lagBytes)
              + " / "
              + seconds(lagTime.toMillis() / 1000.0));
    }
    boolean allAnswer =
        instances.stream().allMatch(r -> r.status().health().state() != ProcessState.UNREACHABLE);
    if (allAnswer && instances.stream().allMatch(r -> r.status().health().standbyReady())) {
      return new Box(
          id,
          "relay",
          label,
          State.STANDBY.label(),
          instances.size() + " standby ready, none streams");
    }
    Sample.ProcessReading first = instances.get(0);
    String why =
        first.status().health().state() == ProcessState.UNREACHABLE
            ? "not answering (" + first.status().health().reason() + ")"
            : first.status().health().problem();
    return new Box(id, "relay", label, State.DOWN.label(), why);
  }

  private static Box topicBox(
      String topic,
      Topology topology,
      Sample latest,
      Map<String, State> relayStates,
      Map<String, State> consumerStates) {
    boolean fed =
        topology.relayTopics().entrySet().stream()
            .anyMatch(
                e ->
                    e.getValue().contains(topic)
                        && relayStates.get(e.getKey()) != null
                        && (relayStates.get(e.getKey()) == State.HEALTHY
                            || relayStates.get(e.getKey()) == State.LAGGING));
    boolean read =
        topology.consumers().values().stream()
            .anyMatch(
                c ->
                    topic.equals(c.topic())
                        && (consumerStates.get(c.name()) == State.HEALTHY
                            || consumerStates.get(c.name()) == State.LAGGING));
    Integer partitions = latest.topicPartitions().get(topic);
    if (partitions == null) {
      long held =
          topology.consumers().values().stream()
              .filter(c -> topic.equals(c.topic()))
              .flatMap(c -> c.instances().stream())
              .flatMap(i -> i.status().assignment().stream())
              .flatMap(a -> a.of(topic).stream())
              .distinct()
              .count();
      partitions = held == 0 ? null : (int) held;
    }
    return new Box(
        "topic:" + topic,
        "topic",
        topic,
        (fed || read ? State.HEALTHY : State.UNKNOWN).label(),
        partitions == null ? "partitions unknown" : partitions + " partitions");
  }

  private static Box consumerBox(Topology.Consumer consumer, List<Sample> samples, Sample latest) {
    String id = "consumer:" + consumer.name();
    if (consumer.instances().isEmpty()) {
      return new Box(
          id, "consumer", consumer.name(), State.UNKNOWN.label(), "no app instance of it is known");
    }
    List<Sample.ProcessReading> answering =
        consumer.instances().stream()
            .filter(i -> i.status().health().state() != ProcessState.UNREACHABLE)
            .toList();
    if (answering.isEmpty()) {
      return new Box(
          id,
          "consumer",
          consumer.name(),
          State.DOWN.label(),
          "no instance answers (" + consumer.instances().get(0).status().health().reason() + ")");
    }
    boolean consuming =
        answering.stream()
            .anyMatch(
                i -> {
                  Optional<CheckHealth> check = i.status().health().check("consumer");
                  return check
                      .map(CheckHealth::up)
                      .orElse(i.status().health().state() == ProcessState.UP);
                });
    if (!consuming) {
      return new Box(
          id,
          "consumer",
          consumer.name(),
          State.DOWN.label(),
          answering.get(0).status().health().problem());
    }
    Double p99 = percentile(samples, samples.size() - 1, consumer.name(), 0.99);
    Double objective = Readings.objective(latest, consumer.name());
    long parked = parkedOf(latest, consumer);
    if (p99 != null && objective != null && p99 > objective) {
      return new Box(
          id,
          "consumer",
          consumer.name(),
          State.LAGGING.label(),
          "p99 " + seconds(p99) + " > objective " + seconds(objective));
    }
    if (parked > 0) {
      return new Box(
          id, "consumer", consumer.name(), State.LAGGING.label(), parked + " parked event(s)");
    }
    String detail =
        p99 == null
            ? "no event in the last 30 s"
            : "p99 "
                + seconds(p99)
                + (objective == null ? "" : ", objective " + seconds(objective));
    return new Box(id, "consumer", consumer.name(), State.HEALTHY.label(), detail);
  }

  private static long parkedOf(Sample latest, Topology.Consumer consumer) {
    Sample.DatabaseReading reading = latest.databases().get(consumer.database());
    if (reading == null || !reading.read()) {
      return 0;
    }
    return reading.status().consumers().stream()
        .filter(c -> c.name().equals(consumer.name()))
        .mapToLong(DatabaseStatus.Consumer::parked)
        .sum();
  }

  /**
   * The {@code q} quantile of a consumer's freshness over the window that ends at sample {@code i}.
   */
  static Double percentile(List<Sample> samples, int i, String consumer, double q) {
    if (i < 1) {
      return null;
    }
    Sample start = samples.get(Math.max(0, i - PERCENTILE_WINDOW));
    NavigableMap<Double, Double> observed =
        Counters.bucketIncrease(
            Readings.freshness(start, consumer), Readings.freshness(samples.get(i), consumer));
    return Counters.quantile(q, observed);
  }

  private static List<DeadLetter> deadLetters(Sample latest) {
    List<DeadLetter> letters = new ArrayList<>();
    latest
        .databases()
        .values()
        .forEach(
            reading -> {
              if (!reading.read()) {
                return;
              }
              for (DatabaseStatus.Parked p : reading.status().parked()) {
                letters.add(
                    new DeadLetter(
                        reading.database(),
                        p.consumer(),
                        p.eventId(),
                        p.eventType(),
                        p.aggregateType(),
                        p.aggregateId(),
                        p.status(),
                        p.attempts(),
                        p.error(),
                        p.parkedAt(),
                        p.blockedBehind()));
              }
            });
    return letters;
  }

  static String seconds(double seconds) {
    return String.format(Locale.ROOT, seconds < 10 ? "%.1f s" : "%.0f s", seconds);
  }
}
