package dev.outbox.client.consume;

import dev.outbox.client.internal.ErrorText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of one consumer, on its own thread. Records of a partition are handled in order;
 * when one fails, its partition is rewound to it and paused for the backoff while the other
 * partitions go on, so the loop keeps polling (and stays in the group) however long a retry takes.
 * Offsets are committed only for records whose transaction committed: after each batch, on
 * revocation and on close.
 */
final class ConsumerLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  private final EventConsumerConfig config;
  private final Supplier<Consumer<String, byte[]>> consumerFactory;
  private final Collection<String> topics;
  private final RecordProcessor processor;
  private final ConsumerMetrics metrics;
  private final Clock clock;

  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
  private final Map<TopicPartition, Retry> retries = new HashMap<>();

  private volatile boolean running = true;
  private volatile Consumer<String, byte[]> consumer;

  ConsumerLoop(
      EventConsumerConfig config,
      Supplier<Consumer<String, byte[]>> consumerFactory,
      Collection<String> topics,
      RecordProcessor processor,
      ConsumerMetrics metrics,
      Clock clock) {
    this.config = config;
    this.consumerFactory = consumerFactory;
    this.topics = List.copyOf(topics);
    this.processor = processor;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Asks the loop to finish the record in flight, commit and leave; returns at once. */
  void stop() {
    running = false;
    Consumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  @Override
  public void run() {
    consumer = consumerFactory.get();
    try {
      consumer.subscribe(topics, new Rebalance());
      LOG.info("{} - consuming {}", config.name(), topics);
      while (running) {
        resumeDuePartitions();
        ConsumerRecords<String, byte[]> records = consumer.poll(nextPollTimeout());
        for (TopicPartition partition : records.partitions()) {
          for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
            if (!running || !handle(partition, record)) {
              break;
            }
          }
        }
        commitUncommitted();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      // Not retriable by this loop (e.g. a fatal Kafka error): stop, and let isRunning() say so.
      LOG.error("{} - consumer loop stopped by an unexpected failure", config.name(), e);
    } finally {
      try {
        commitUncommitted();
      } catch (RuntimeException e) {
        LOG.warn("{} - final offset commit failed: {}", config.name(), e.toString());
      }
      consumer.close();
      LOG.info("{} - stopped", config.name());
    }
  }

  /**
   * Handles one record.
   *
   * @return false when the record must be tried again later (its partition is rewound and paused)
   */
  private boolean handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
    IncomingEvent in = IncomingEvent.of(record);
    Retry retry = retries.get(partition);
    if (retry == null || retry.offset() != record.offset()) {
      retry = new Retry(record.offset(), 0, 0, null);
    }
    boolean parking = retry.permanentFailures() >= config.maxAttempts();
    try {
      if (parking) {
        processor.park(in, retry.permanentFailures(), retry.lastError());
      } else {
        processor.process(in);
      }
      retries.remove(partition);
      uncommitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
      return true;
    } catch (RuntimeException e) {
      boolean isTransient = Failures.isTransient(e);
      Duration delay;
      if (parking) {
        // The record cannot be skipped, so storing it is retried however it failed; its own
        // error stays the one that made it a dead letter.
        retry = retry.failedTransiently();
        delay = config.backoff(retry.transientFailures());
        LOG.error(
            "{} - could not park {} (attempt {}), will retry: {}",
            config.name(),
            in,
            retry.transientFailures(),
            e.toString());
      } else if (isTransient) {
        retry = retry.failedTransiently();
        delay = config.backoff(retry.transientFailures() + retry.permanentFailures());
        LOG.warn(
            "{} - transient failure on {} (attempt {}), will retry: {}",
            config.name(),
            in,
            retry.transientFailures(),
            e.toString());
      } else {
        retry = retry.failedPermanently(ErrorText.of(e));
        boolean exhausted = retry.permanentFailures() >= config.maxAttempts();
        delay =
            exhausted // parked at once on the next poll
                ? Duration.ZERO
                : config.backoff(retry.transientFailures() + retry.permanentFailures());
        LOG.warn(
            "{} - failure {} of {} on {}: {}",
            config.name(),
            retry.permanentFailures(),
            config.maxAttempts(),
            in,
            retry.lastError());
      }
      retries.put(partition, retry);
      metrics.failedAttempt(isTransient);
      consumer.seek(partition, record.offset());
      consumer.pause(Set.of(partition));
      pausedUntil.put(partition, clock.instant().plus(delay));
      return false;
    }
  }

  private void resumeDuePartitions() {
    if (pausedUntil.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    var due = new ArrayList<TopicPartition>();
    pausedUntil
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getValue().isAfter(now)) {
                return false;
              }
              due.add(entry.getKey());
              return true;
            });
    due.retainAll(consumer.assignment());
    if (!due.isEmpty()) {
      consumer.resume(due);
    }
  }

  private Duration nextPollTimeout() {
    Duration timeout = config.pollTimeout();
    Instant now = clock.instant();
    for (Instant until : pausedUntil.values()) {
      Duration wait = Duration.between(now, until);
      if (wait.compareTo(timeout) < 0) {
        timeout = wait.isNegative() ? Duration.ZERO : wait;
      }
    }
    return timeout;
  }

  private void commitUncommitted() {
    if (uncommitted.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(uncommitted);
    try {
      consumer.commitSync(offsets, COMMIT_TIMEOUT);
      offsets.forEach(uncommitted::remove);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (RetriableException e) {
      // Kept, and committed with the next batch; a crash meanwhile only means redeliveries,
      // which the inbox turns into counted no-ops.
      LOG.warn("{} - offset commit failed, will retry: {}", config.name(), e.toString());
    } catch (KafkaException e) {
      // Typically the group rebalanced: these partitions may belong to another member now,
      // which resumes from the last committed offset; the inbox absorbs the redeliveries.
      LOG.info("{} - offset commit rejected, dropping it: {}", config.name(), e.toString());
      uncommitted.clear();
    }
  }

  private void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      uncommitted.remove(partition);
      pausedUntil.remove(partition);
      retries.remove(partition);
    }
  }

  /** Commits what was applied before partitions go to another member. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
      for (TopicPartition partition : partitions) {
        OffsetAndMetadata offset = uncommitted.get(partition);
        if (offset != null) {
          offsets.put(partition, offset);
        }
      }
      if (!offsets.isEmpty()) {
        try {
          consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (WakeupException | InterruptException e) {
          throw e;
        } catch (KafkaException e) {
          LOG.warn("{} - commit on revocation failed: {}", config.name(), e.toString());
        }
      }
      forget(partitions);
      LOG.info("{} - partitions revoked: {}", config.name(), partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
      LOG.info("{} - partitions lost: {}", config.name(), partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("{} - partitions assigned: {}", config.name(), partitions);
    }
  }

  /** Failed attempts at the record at {@code offset} of a partition. */
  private record Retry(
      long offset, int permanentFailures, int transientFailures, String lastError) {
    Retry failedTransiently() {
      return new Retry(offset, permanentFailures, transientFailures + 1, lastError);
    }

    Retry failedPermanently(String error) {
      return new Retry(offset, permanentFailures + 1, transientFailures, error);
    }
  }
}
