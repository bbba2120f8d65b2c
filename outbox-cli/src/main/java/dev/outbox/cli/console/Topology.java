package dev.outbox.cli.console;

import dev.outbox.cli.health.ConsumerAssignment;
import dev.outbox.cli.status.DatabaseStatus;
import dev.outbox.cli.status.RunProcesses.Kind;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What flows where, as one sample shows it: the databases, the relays of each and the topics they
 * publish to, and each consumer with its database, the topic it reads and the app instances that
 * run it. Names come from the processes (run file, metrics, health) and the databases' views, and
 * from {@link ReferenceFlow} until they tell.
 */
record Topology(
    List<String> databases,
    Map<String, List<Sample.ProcessReading>> relays,
    Map<String, Set<String>> relayTopics,
    Map<String, Consumer> consumers,
    Set<String> topics) {

  /** A consumer: the database it applies into, its topic, its app instances. */
  record Consumer(
      String name, String database, String topic, List<Sample.ProcessReading> instances) {}

  static Topology of(Sample sample) {
    List<String> databases = new ArrayList<>(sample.databases().keySet());
    Map<String, List<Sample.ProcessReading>> relays = new LinkedHashMap<>();
    Map<String, Set<String>> relayTopics = new LinkedHashMap<>();
    databases.forEach(d -> relays.put(d, new ArrayList<>()));
    for (Sample.ProcessReading p : sample.processes()) {
      RunProcess process = p.status().process();
      if (process.kind() == Kind.RELAY) {
        relays.computeIfAbsent(process.database(), d -> new ArrayList<>()).add(p);
      }
    }
    relays.forEach(
        (database, instances) -> {
          Set<String> topics = new LinkedHashSet<>();
          String reference = ReferenceFlow.TOPIC_OF_DATABASE.get(database);
          if (reference != null) {
            topics.add(reference);
          }
          instances.forEach(
              r -> topics.addAll(r.metrics().labelValues(Readings.RELAY_EVENTS, "topic")));
          relayTopics.put(database, topics);
        });

    Map<String, String> consumerDatabase = new LinkedHashMap<>();
    sample
        .databases()
        .values()
        .forEach(
            reading -> {
              if (reading.read()) {
                for (DatabaseStatus.Consumer c : reading.status().consumers()) {
                  consumerDatabase.putIfAbsent(c.name(), reading.database());
                }
              }
            });
    Map<String, List<Sample.ProcessReading>> instances = new LinkedHashMap<>();
    Map<String, String> consumerTopic = new LinkedHashMap<>();
    for (Sample.ProcessReading p : sample.processes()) {
      RunProcess process = p.status().process();
      if (process.kind() != Kind.APP) {
        continue;
      }
      Set<String> names = new LinkedHashSet<>();
      if (process.consumer() != null) {
        names.add(process.consumer());
      }
      names.addAll(p.metrics().labelValues(Readings.APPLIED, "consumer"));
      String app = process.app() == null ? process.name() : process.app();
      if (names.isEmpty() && ReferenceFlow.CONSUMER_OF_APP.containsKey(app)) {
        names.add(ReferenceFlow.CONSUMER_OF_APP.get(app));
      }
      for (String name : names) {
        instances.computeIfAbsent(name, n -> new ArrayList<>()).add(p);
        consumerDatabase.putIfAbsent(name, process.database());
        if (process.topic() != null) {
          consumerTopic.putIfAbsent(name, process.topic());
        }
        p.status()
            .assignment()
            .map(ConsumerAssignment::partitions)
            .filter(l -> !l.isEmpty())
            .ifPresent(l -> consumerTopic.putIfAbsent(name, topicOf(l.get(0))));
      }
    }
    Map<String, Consumer> consumers = new LinkedHashMap<>();
    Set<String> topics = new LinkedHashSet<>();
    relayTopics.values().forEach(topics::addAll);
    consumerDatabase.forEach(
        (name, database) -> {
          String topic =
              consumerTopic.getOrDefault(name, ReferenceFlow.TOPIC_OF_CONSUMER.get(name));
          if (topic != null) {
            topics.add(topic);
          }
          consumers.put(
              name, new Consumer(name, database, topic, instances.getOrDefault(name, List.of())));
        });
    return new Topology(databases, relays, relayTopics, consumers, topics);
  }

  /** The topic of {@code "<topic>-<partition>"}. */
  private static String topicOf(String partition) {
    int dash = partition.lastIndexOf('-');
    return dash < 0 ? partition : partition.substring(0, dash);
  }
}
