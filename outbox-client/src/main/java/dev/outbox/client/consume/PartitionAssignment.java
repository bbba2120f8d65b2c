package dev.outbox.client.consume;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions a consumer's loop holds, as its rebalance listener learns them: an immutable value
 * that the listener replaces on the loop's thread and {@link EventConsumer#health()} reads from
 * any. With the cooperative protocol the listener hears only what changes (the partitions added,
 * and the ones revoked or lost), so each value is the previous one with a change applied.
 *
 * @param held the partitions held, by topic, then partition number
 * @param changedAt when the set of partitions last changed, or when the consumer first joined its
 *     group holding none (an idle member of a group with more members than partitions); null before
 *     it joined
 */
record PartitionAssignment(List<TopicPartition> held, Instant changedAt) {

  private static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  PartitionAssignment {
    held = List.copyOf(held);
  }

  /** Before the consumer joined its group: nothing held, never changed. */
  static PartitionAssignment none() {
    return new PartitionAssignment(List.of(), null);
  }

  /** The assignment with {@code added} held too, as of {@code now}. */
  PartitionAssignment plus(Collection<TopicPartition> added, Instant now) {
    TreeSet<TopicPartition> next = new TreeSet<>(ORDER);
    next.addAll(held);
    boolean changed = next.addAll(added);
    return new PartitionAssignment(
        new ArrayList<>(next), changed || changedAt == null ? now : changedAt);
  }

  /** The assignment without {@code removed} (revoked or lost), as of {@code now}. */
  PartitionAssignment minus(Collection<TopicPartition> removed, Instant now) {
    TreeSet<TopicPartition> next = new TreeSet<>(ORDER);
    next.addAll(held);
    boolean changed = next.removeAll(removed);
    return new PartitionAssignment(new ArrayList<>(next), changed ? now : changedAt);
  }

  /**
   * The partitions held as {@code "<topic>-<partition>"} ({@link TopicPartition#toString()}, the
   * way Kafka's own tools write a partition), in {@link #held}'s order.
   */
  List<String> names() {
    return names(held);
  }

  /** Any partitions as {@link #names()} writes them, by topic, then partition number. */
  static List<String> names(Collection<TopicPartition> partitions) {
    return partitions.stream().sorted(ORDER).map(TopicPartition::toString).toList();
  }
}
