package dev.outbox.cli.status;

import dev.outbox.cli.health.ConsumerAssignment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The instances of each app share one consumer group, so Kafka gives each partition of its topic to
 * one instance: an instance beyond the partition count holds none and applies nothing. That is not
 * a fault, but it must not be silent: each such instance gets a note, and a group whose instances
 * do not report their partitions gets one note when it has more instances than its topic has
 * partitions.
 */
final class ConsumerGroups {

  private ConsumerGroups() {}

  /**
   * @param processes what status asked, apps and relays
   * @param topicPartitions the partition count of each topic, when known (the run's file)
   */
  static List<String> notes(List<ProcessStatus> processes, Map<String, Integer> topicPartitions) {
    Map<String, List<ProcessStatus>> groups = new LinkedHashMap<>();
    for (ProcessStatus p : processes) {
      if (!p.relay()) {
        String app = p.process().app() == null ? p.process().name() : p.process().app();
        groups.computeIfAbsent(app, a -> new ArrayList<>()).add(p);
      }
    }
    List<String> notes = new ArrayList<>();
    groups.forEach((app, instances) -> notes.addAll(notes(app, instances, topicPartitions)));
    return notes;
  }

  private static List<String> notes(
      String app, List<ProcessStatus> instances, Map<String, Integer> topicPartitions) {
    String topic =
        instances.stream()
            .map(i -> i.process().topic())
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    Integer known = topic == null ? null : topicPartitions.get(topic);
    int count = instances.size();
    List<String> notes = new ArrayList<>();
    boolean reported = false;
    for (ProcessStatus instance : instances) {
      Optional<ConsumerAssignment> assignment = instance.assignment();
      if (assignment.isEmpty()) {
        continue;
      }
      reported = true;
      List<String> held =
          topic == null ? assignment.get().partitions() : assignment.get().of(topic);
      if (!held.isEmpty()) {
        continue;
      }
      int partitions = known != null ? known : distinctPartitions(instances, topic);
      String what = topic == null ? "its topics have" : topic + " has";
      String holds =
          assignment.get().partitions().isEmpty() || topic == null
              ? " holds no partitions"
              : " holds no partitions of " + topic;
      notes.add(
          instance.process().name()
              + holds
              + " ("
              + what
              + " "
              + partitions
              + " partitions, "
              + count
              + " instances)"
              + (count > partitions ? "" : "; it may be joining the group or in a rebalance"));
    }
    if (!reported && known != null && count > known) {
      notes.add(
          app
              + " has "
              + count
              + " instances and "
              + topic
              + " "
              + known
              + " partitions: "
              + (count - known)
              + " instance(s) hold no partitions of it");
    }
    return notes;
  }

  private static int distinctPartitions(List<ProcessStatus> instances, String topic) {
    TreeSet<String> all = new TreeSet<>();
    for (ProcessStatus instance : instances) {
      instance
          .assignment()
          .ifPresent(a -> all.addAll(topic == null ? a.partitions() : a.of(topic)));
    }
    return all.size();
  }
}
