package dev.outbox.client.consume;

import dev.outbox.client.consume.RetryState.Decision;
import dev.outbox.client.consume.RetryState.Failure;
import dev.outbox.client.consume.RetryState.Step;
import dev.outbox.client.internal.ErrorText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of one consumer, on its own thread. Records of a partition are handled in order, a
 * batch of up to {@code batchSize} records (across partitions) in one transaction; when a batch
 * fails its records are handled one by one, and when one of those fails, its partition is rewound
 * to it and paused for the backoff while the other partitions go on, so the loop keeps polling (and
 * stays in the group) however long a retry takes. Offsets are committed only for records whose
 * transaction committed: after each batch, on revocation and on stop. The decisions are {@link
 * RetryState}'s and {@link OffsetTracker}'s; this class carries them out on the Kafka consumer.
 *
 * <p>Rebalances (cooperative, see {@link EventConsumer}) run inside {@code poll}, on this thread,
 * so they always fall between batches. The listener hears only what moves: {@code
 * onPartitionsRevoked} gets the partitions that go, commits what was applied of them and forgets
 * their retries, while the partitions kept go on as they were (their positions, pauses and pending
 * offsets untouched); {@code onPartitionsLost} (this member was taken out of the group, another may
 * own them already) forgets them without a commit. The partitions held are kept in {@link
 * #assignment()} for health.
 */
final class ConsumerLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
  // Beyond the client's own request timeout (30 s by default): a broker that has not answered any
  // request (fetch, heartbeat, metadata) for that long is not serving this consumer.
  private static final Duration SILENCE_LIMIT = Duration.ofSeconds(30);

  private final EventConsumerConfig config;
  private final Supplier<Consumer<String, byte[]>> consumerFactory;
  private final Collection<String> topics;
  private final RecordApplier applier;
  private final ConsumerMetrics metrics;
  private final Clock clock;
  private final KafkaLink link;

  private final OffsetTracker<TopicPartition> offsets = new OffsetTracker<>();
  private final PartitionRetries<TopicPartition> retries;

  private volatile boolean running = true;
  private volatile Consumer<String, byte[]> consumer;
  private volatile ClientMetrics clientMetrics;
  private volatile Instant stoppedAt;
  private volatile String failure;
  private volatile PartitionAssignment assignment = PartitionAssignment.none();
  private boolean linkUp; // as last logged, by the loop's thread only

  ConsumerLoop(
      EventConsumerConfig config,
      Supplier<Consumer<String, byte[]>> consumerFactory,
      Collection<String> topics,
      RecordApplier applier,
      ConsumerMetrics metrics,
      Clock clock) {
    this.config = config;
    this.consumerFactory = consumerFactory;
    this.topics = List.copyOf(topics);
    this.applier = applier;
    this.metrics = metrics;
    this.clock = clock;
    this.retries = new PartitionRetries<>(config.maxAttempts(), config.backoff());
    this.link = new KafkaLink(clock.instant(), SILENCE_LIMIT);
  }

  /** Asks the loop to finish the record in flight, commit and leave; returns at once. */
  void stop() {
    running = false;
    Consumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  /** The link to Kafka as of now, sampled from the client's metrics (safe from any thread). */
  KafkaLink.State link() {
    sampleLink();
    return link.state(clock.instant());
  }

  /** When the loop ended, null while it runs. */
  Instant stoppedAt() {
    return stoppedAt;
  }

  /** The failure that ended the loop, null when it did not end or was stopped. */
  String failure() {
    return failure;
  }

  /** The partitions the loop holds as of its last rebalance (safe from any thread). */
  PartitionAssignment assignment() {
    return assignment;
  }

  @Override
  public void run() {
    consumer = consumerFactory.get();
    clientMetrics = ClientMetrics.of(consumer);
    try {
      consumer.subscribe(topics, new Rebalance());
      LOG.info("{} - consuming {}", config.name(), topics);
      while (running) {
        resumeDuePartitions();
        ConsumerRecords<String, byte[]> records =
            consumer.poll(retries.nextPoll(clock.instant(), config.pollTimeout()));
        logLinkChange();
        if (config.batchSize() == 1) {
          for (TopicPartition partition : records.partitions()) {
            handleOneByOne(partition, records.records(partition));
          }
        } else {
          handleInBatches(records);
        }
        commitPending();
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e.toString();
        throw e;
      }
    } catch (RuntimeException e) {
      // Not retriable by this loop (e.g. a fatal Kafka error): stop, and let health() say so.
      failure = e.toString();
      LOG.error("{} - consumer loop stopped by an unexpected failure", config.name(), e);
    } finally {
      try {
        commitPending();
      } catch (RuntimeException e) {
        LOG.warn("{} - final offset commit failed: {}", config.name(), e.toString());
      }
      consumer.close();
      stoppedAt = clock.instant();
      LOG.info("{} - stopped", config.name());
    }
  }

  /**
   * Handles a poll's records in batches of up to {@code batchSize}, across partitions (each
   * partition's records in order). A partition whose record is being retried goes one record at a
   * time until that record is done; a batch that fails is handled again one record at a time, so
   * only a failing record is retried or parked and every other one applies.
   */
  private void handleInBatches(ConsumerRecords<String, byte[]> records) {
    Set<TopicPartition> stopped = new HashSet<>();
    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
    for (TopicPartition partition : records.partitions()) {
      if (retries.failing(partition)) {
        if (!handleOneByOne(partition, records.records(partition))) {
          stopped.add(partition);
        }
        continue;
      }
      for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
        batch.add(record);
        if (batch.size() == config.batchSize()) {
          handleBatch(batch, stopped);
          batch.clear();
          if (!running) {
            return;
          }
        }
      }
    }
    if (!batch.isEmpty() && running) {
      handleBatch(batch, stopped);
    }
  }

  /** One transaction for the batch's records (but those of stopped partitions), else one each. */
  private void handleBatch(
      List<ConsumerRecord<String, byte[]>> batch, Set<TopicPartition> stopped) {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
    List<IncomingEvent> events = new ArrayList<>(batch.size());
    for (ConsumerRecord<String, byte[]> record : batch) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      if (!stopped.contains(partition)) {
        byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
        events.add(IncomingEvent.of(record));
      }
    }
    if (events.isEmpty()) {
      return;
    }
    try {
      applier.processBatch(events);
      metrics.batch(events.size());
      byPartition.forEach(
          (partition, done) -> offsets.applied(partition, done.get(done.size() - 1).offset() + 1));
      return;
    } catch (RuntimeException e) {
      metrics.batchFellBack();
      LOG.info(
          "{} - a batch of {} records failed, handling them one by one: {}",
          config.name(),
          events.size(),
          ErrorText.of(e));
    }
    for (Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>> partition :
        byPartition.entrySet()) {
      if (!running) {
        return;
      }
      if (!handleOneByOne(partition.getKey(), partition.getValue())) {
        stopped.add(partition.getKey());
      }
    }
  }

  /**
   * Handles records of one partition in order, each in its own transaction.
   *
   * @return false when it stopped before the end: the loop is stopping, or a record must be tried
   *     again later (its partition is rewound and paused)
   */
  private boolean handleOneByOne(
      TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      if (!running || !handle(partition, record)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Handles one record: processes it, or parks it after its last attempt.
   *
   * @return false when the record must be tried again later (its partition is rewound and paused)
   */
  private boolean handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
    IncomingEvent in = IncomingEvent.of(record);
    RetryState retry = retries.of(partition);
    while (true) {
      Step step = retry.next(record.offset());
      Decision decision;
      try {
        if (step.park()) {
          applier.park(in, step.attempts(), step.error());
        } else {
          applier.process(in);
        }
        decision = retry.succeeded(record.offset());
      } catch (RuntimeException e) {
        boolean isTransient = Failures.isTransient(e);
        metrics.failedAttempt(isTransient);
        Failure kind =
            step.park() ? Failure.PARK_FAILED : isTransient ? Failure.TRANSIENT : Failure.PERMANENT;
        decision = retry.failed(record.offset(), kind, ErrorText.of(e));
        logFailure(in, kind, retry, decision, e);
      }
      switch (decision.action()) {
        case COMMIT -> {
          offsets.applied(partition, decision.commitOffset());
          return true;
        }
        case RETRY_LATER -> {
          consumer.seek(partition, record.offset());
          consumer.pause(Set.of(partition));
          retries.pauseUntil(partition, clock.instant().plus(decision.delay()));
          return false;
        }
        case PARK_NOW -> {
          // The next step parks it.
        }
      }
    }
  }

  private void logFailure(
      IncomingEvent in, Failure kind, RetryState retry, Decision decision, RuntimeException e) {
    switch (kind) {
      case PARK_FAILED ->
          LOG.error(
              "{} - could not park {} (attempt {}), will retry in {}: {}",
              config.name(),
              in,
              retry.parkFailures(),
              decision.delay(),
              e.toString());
      case TRANSIENT ->
          LOG.warn(
              "{} - transient failure on {} (attempt {}), will retry in {}: {}",
              config.name(),
              in,
              retry.transientFailures(),
              decision.delay(),
              e.toString());
      case PERMANENT ->
          LOG.warn(
              "{} - failure {} of {} on {}: {}",
              config.name(),
              retry.permanentFailures(),
              retry.maxAttempts(),
              in,
              retry.lastError());
    }
  }

  private void resumeDuePartitions() {
    List<TopicPartition> due = retries.due(clock.instant());
    if (!due.isEmpty()) {
      due.retainAll(consumer.assignment());
      consumer.resume(due);
    }
  }

  private void sampleLink() {
    ClientMetrics current = clientMetrics;
    if (current != null) {
      link.observe(clock.instant(), current.openConnections(), current.responsesReceived());
    }
  }

  private void logLinkChange() {
    sampleLink();
    KafkaLink.State state = link.state(clock.instant());
    if (state.connected() != linkUp) {
      linkUp = state.connected();
      if (linkUp) {
        LOG.info("{} - connected to Kafka", config.name());
      } else {
        LOG.warn("{} - lost Kafka at {}: {}", config.name(), state.since(), state.reason());
      }
    }
  }

  private void commitPending() {
    Map<TopicPartition, Long> pending = offsets.pending();
    if (pending.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(toKafka(pending), COMMIT_TIMEOUT);
      offsets.committed(pending);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (RetriableException e) {
      // Kept, and committed with the next batch; a crash meanwhile only means redeliveries,
      // which the inbox turns into counted no-ops.
      link.failure(e.toString());
      LOG.warn("{} - offset commit failed, will retry: {}", config.name(), e.toString());
    } catch (RebalanceInProgressException e) {
      // The group is rebalancing; with the cooperative protocol this member goes on consuming
      // meanwhile, and still owns these partitions. Kept: committed with the next batch once the
      // rebalance is done, or in onPartitionsRevoked if the rebalance moves their partition.
      LOG.info("{} - offset commit waits for the rebalance under way", config.name());
    } catch (KafkaException e) {
      // Typically the group rebalanced: these partitions may belong to another member now,
      // which resumes from the last committed offset; the inbox absorbs the redeliveries.
      LOG.info("{} - offset commit rejected, dropping it: {}", config.name(), e.toString());
      offsets.dropAll();
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> toKafka(Map<TopicPartition, Long> offsets) {
    var kafka = new HashMap<TopicPartition, OffsetAndMetadata>();
    offsets.forEach((partition, offset) -> kafka.put(partition, new OffsetAndMetadata(offset)));
    return kafka;
  }

  /**
   * Commits the revoked partitions' applied offsets, once more if {@link #stop} woke the consumer
   * up in the middle: those offsets are no longer tracked, and without the commit their next owner
   * would read again what this member applied. The loop stops after this poll all the same.
   */
  private void commitOnRevocation(Map<TopicPartition, Long> revoked) {
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(toKafka(revoked), COMMIT_TIMEOUT);
        return;
      } catch (WakeupException e) {
        // The wakeup is spent by this exception, so the next attempt is not woken again.
        if (attempt == 2) {
          throw e;
        }
      } catch (InterruptException e) {
        throw e;
      } catch (KafkaException e) {
        // The next owner starts from the last committed offsets; the inbox absorbs the rest.
        LOG.warn("{} - commit on revocation failed: {}", config.name(), e.toString());
        return;
      }
    }
  }

  /**
   * Keeps the loop's state right across rebalances. With the cooperative protocol each callback
   * gets only the partitions that change; {@code onPartitionsAssigned} is called after every
   * rebalance, with nothing when nothing was added.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Map<TopicPartition, Long> revoked = offsets.revoke(partitions);
      retries.forget(partitions);
      assignment = assignment.minus(partitions, clock.instant());
      if (!revoked.isEmpty()) {
        commitOnRevocation(revoked);
      }
      LOG.info(
          "{} - partitions revoked: {} (committed {}), holds {}",
          config.name(),
          PartitionAssignment.names(partitions),
          revoked,
          assignment.names());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Another member may own them already: committing now could move its offsets back.
      offsets.lose(partitions);
      retries.forget(partitions);
      assignment = assignment.minus(partitions, clock.instant());
      LOG.info(
          "{} - partitions lost: {} (applied offsets not committed are read again by their next"
              + " owner), holds {}",
          config.name(),
          PartitionAssignment.names(partitions),
          assignment.names());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assignment = assignment.plus(partitions, clock.instant());
      if (assignment.held().isEmpty()) {
        LOG.info(
            "{} - holds no partition of {} for now (an idle member, when the group has more"
                + " members than partitions)",
            config.name(),
            topics);
      } else if (!partitions.isEmpty()) {
        LOG.info(
            "{} - partitions assigned: {}, holds {}",
            config.name(),
            PartitionAssignment.names(partitions),
            assignment.names());
      }
    }
  }
}
