package dev.outbox.client.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Kafka's {@link MockConsumer} with a log per partition, so that it behaves like a broker where the
 * loop's decisions show: each poll hands out the records from the partition's position on (a seek
 * back delivers them again), never for a paused partition, and waits up to the poll timeout when
 * there is nothing to hand out instead of spinning. Records, rebalances and commit failures are
 * arranged by the test thread; rebalances run inside poll, on the loop's thread, as in Kafka.
 * {@link #rebalance} is cooperative, as MockConsumer has it: only the partitions that move are
 * revoked, and the ones kept keep their positions. A {@link #wakeup} makes the next commit throw
 * {@link WakeupException}, as a real consumer's blocking commit does.
 */
final class LogConsumer extends MockConsumer<String, byte[]> {

  private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> log = new HashMap<>();
  private final List<Map<TopicPartition, OffsetAndMetadata>> commits = new ArrayList<>();
  private KafkaException nextCommitFailure;
  private ConsumerRebalanceListener listener;
  private boolean silent; // while a loss clears the assignment: no callbacks
  private boolean wakeupPending;

  LogConsumer() {
    super("earliest");
  }

  /** Appends a record to its partition's log (its offset is the log's next one). */
  synchronized void append(ConsumerRecord<String, byte[]> record) {
    var partition = new TopicPartition(record.topic(), record.partition());
    log.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
    updateBeginningOffsets(Map.of(partition, 0L));
    notifyAll();
  }

  /** The next offset of a partition's log. */
  synchronized long nextOffset(String topic, int partition) {
    return log.getOrDefault(new TopicPartition(topic, partition), List.of()).size();
  }

  /** Makes the next commit fail with {@code failure}. */
  synchronized void failNextCommit(KafkaException failure) {
    nextCommitFailure = failure;
  }

  /** Every successful commit, in order. */
  synchronized List<Map<TopicPartition, OffsetAndMetadata>> commits() {
    return List.copyOf(commits);
  }

  /** The committed offset of a partition, -1 when none. */
  synchronized long committedOffset(TopicPartition partition) {
    OffsetAndMetadata offset = committed(Set.of(partition)).get(partition);
    return offset == null ? -1 : offset.offset();
  }

  /**
   * Makes the next poll lose every partition held, as when this member was taken out of the group
   * (it did not poll in time, or its session expired): {@code onPartitionsLost} with all of them,
   * and then, as after it joined again, {@code onPartitionsAssigned} with {@code thenAssigned},
   * each read from its last committed offset.
   */
  synchronized void loseAllInNextPoll(Collection<TopicPartition> thenAssigned) {
    schedulePollTask(
        () -> {
          listener.onPartitionsLost(assignment());
          silent = true;
          try {
            rebalance(List.of());
          } finally {
            silent = false;
          }
          rebalance(thenAssigned);
        });
  }

  @Override
  public synchronized void subscribe(
      Collection<String> topics, ConsumerRebalanceListener listener) {
    this.listener = listener;
    super.subscribe(
        topics,
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!silent) {
              listener.onPartitionsRevoked(partitions);
            }
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!silent) {
              listener.onPartitionsAssigned(partitions);
            }
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!silent) {
              listener.onPartitionsLost(partitions);
            }
          }
        });
  }

  @Override
  public synchronized void schedulePollTask(Runnable task) {
    super.schedulePollTask(task);
    notifyAll();
  }

  @Override
  public synchronized void wakeup() {
    super.wakeup();
    wakeupPending = true;
    notifyAll();
  }

  @Override
  public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
    // wait(0) would wait for ever: a sub-millisecond timeout waits not at all.
    if (!hasRecordsToHandOut() && timeout.toMillis() > 0) {
      try {
        wait(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }
    for (TopicPartition partition : assignment()) {
      if (paused().contains(partition)) {
        continue;
      }
      long position = position(partition);
      for (ConsumerRecord<String, byte[]> record : log.getOrDefault(partition, List.of())) {
        if (record.offset() >= position) {
          addRecord(record);
        }
      }
    }
    try {
      return super.poll(timeout);
    } catch (WakeupException e) {
      wakeupPending = false;
      throw e;
    }
  }

  @Override
  public synchronized void commitSync(
      Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    if (wakeupPending) {
      wakeupPending = false;
      throw new WakeupException();
    }
    if (nextCommitFailure != null) {
      KafkaException failure = nextCommitFailure;
      nextCommitFailure = null;
      throw failure;
    }
    super.commitSync(offsets);
    commits.add(Map.copyOf(offsets));
  }

  private boolean hasRecordsToHandOut() {
    for (TopicPartition partition : assignment()) {
      List<ConsumerRecord<String, byte[]>> records = log.getOrDefault(partition, List.of());
      if (!paused().contains(partition)
          && !records.isEmpty()
          && records.get(records.size() - 1).offset() >= position(partition)) {
        return true;
      }
    }
    return false;
  }
}
