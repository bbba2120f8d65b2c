package dev.outbox.relay.stream;

import dev.outbox.config.Backoff;
import dev.outbox.relay.UnrecoverableException;
import dev.outbox.relay.config.StreamConfig;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.metrics.RelayMetrics;
import dev.outbox.relay.topic.TopicAccessException;
import dev.outbox.relay.topic.TopicGate;
import dev.outbox.relay.topic.TopicInfo;
import dev.outbox.relay.topic.TopicNotReadyException;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's batch consumer: publishes every outbox insert of a batch, waits until Kafka
 * acknowledged all of them, and only then marks the batch processed, so the stored position never
 * runs ahead of Kafka.
 *
 * <p>Order: an aggregate's events go to one partition (the key's), in the order of the batch. A
 * topic is made ready (it exists, every partition has a leader) before the first send to it. In a
 * partition this producer has not written to yet, one record goes first and the rest follow its
 * acknowledgement, so that the broker checks every later sequence (KAFKA-15591, see {@link
 * ProducerSession}).
 *
 * <p>Failures: when a send fails, or the oldest unacknowledged record waits longer than {@code
 * RELAY_SEND_STALL_TIMEOUT}, the producer is closed without waiting and a new one (a new producer
 * id, sequences from zero) re-sends everything from the first unacknowledged record on, in order,
 * after a backoff. That may duplicate (consumers deduplicate by event id), never reorders: every
 * copy of a record comes after a copy of each record before it. Nothing is skipped: the batch stays
 * in flight until Kafka takes it or the relay stops; on a stop the batch is abandoned unmarked and
 * re-read on the next start. A failure that no retry can fix (a topic the relay may not create or
 * write, an event larger than Kafka accepts) ends the batch with an {@link UnrecoverableException},
 * and every later batch too.
 *
 * <p>Tracing: an event whose row carries a {@code trace_parent} is published in a span of its
 * trace, which its record's {@code traceparent} header then carries (see {@link PublishSpans}).
 */
public final class OutboxPublisher
    implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>>,
        AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
  private static final Duration ACK_POLL = Duration.ofMillis(20);
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5));

  private final Supplier<Producer<String, byte[]>> producers;
  private final TopicGate topics;
  private final StreamConfig config;
  private final RelayMetrics metrics;
  private final RelayHealth health;
  private final StopSignal stop;
  private final PublishSpans spans;
  private final OutboxChangeParser parser = new OutboxChangeParser();
  private volatile ProducerSession session;
  private volatile UnrecoverableException stoppedBy;

  /** A publisher that traces nothing of its own: the row's {@code traceparent} passes as it is. */
  public OutboxPublisher(
      Supplier<Producer<String, byte[]>> producers,
      TopicGate topics,
      StreamConfig config,
      RelayMetrics metrics,
      RelayHealth health,
      StopSignal stop) {
    this(producers, topics, config, metrics, health, stop, OpenTelemetry.noop());
  }

  /**
   * @param producers makes a new producer; called at once and after each failed attempt
   * @param topics where a topic is made ready before the first send to it
   * @param openTelemetry where the publish spans go (the no-op: none)
   */
  public OutboxPublisher(
      Supplier<Producer<String, byte[]>> producers,
      TopicGate topics,
      StreamConfig config,
      RelayMetrics metrics,
      RelayHealth health,
      StopSignal stop,
      OpenTelemetry openTelemetry) {
    this.spans = new PublishSpans(openTelemetry);
    this.producers = producers;
    this.topics = topics;
    this.config = config;
    this.metrics = metrics;
    this.health = health;
    this.stop = stop;
    this.session = new ProducerSession(producers.get());
  }

  /** The condition no retry can fix that stopped publishing, if one did. */
  public Optional<UnrecoverableException> stoppedBy() {
    return Optional.ofNullable(stoppedBy);
  }

  @Override
  public void handleBatch(
      List<ChangeEvent<SourceRecord, SourceRecord>> records,
      DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
      throws InterruptedException {
    if (stoppedBy != null) {
      throw stoppedBy;
    }
    List<OutboxEvent> events = new ArrayList<>(records.size());
    for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
      Change change = parser.parse(record.value());
      if (change instanceof Change.Insert insert) {
        events.add(insert.event());
      } else if (change instanceof Change.Ignored ignored) {
        metrics.ignored(ignored.kind());
      }
    }
    if (!events.isEmpty()) {
      long started = System.nanoTime();
      publishAll(events);
      metrics.kafkaSend(System.nanoTime() - started);
      health.kafkaReachable();
    }
    for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
      committer.markProcessed(record);
    }
    committer.markBatchFinished();
    metrics.batch();
    LOG.debug(
        "OutboxRelay - batch of {} changes, {} events acknowledged", records.size(), events.size());
  }

  private void publishAll(List<OutboxEvent> events) throws InterruptedException {
    PublishSpans.Batch traced = spans.batch(events);
    try {
      publishAll(events, traced);
    } catch (InterruptedException e) {
      traced.fail(
          "relay stopping: the batch is abandoned unacknowledged and read again on the next start",
          null);
      throw e;
    } catch (UnrecoverableException e) {
      traced.fail("relay stopped: " + e.getMessage(), e);
      throw e;
    } catch (RuntimeException | Error e) {
      traced.fail("batch failed: " + e, e);
      throw e;
    }
  }

  private void publishAll(List<OutboxEvent> events, PublishSpans.Batch traced)
      throws InterruptedException {
    int from = 0;
    for (int failures = 1; ; failures++) {
      Failure failure;
      try {
        failure = attempt(events, from, traced);
      } catch (UnrecoverableException e) {
        throw stopped(e);
      }
      if (failure == null) {
        return;
      }
      UnrecoverableException permanent = permanent(failure, events);
      if (permanent != null) {
        throw stopped(permanent);
      }
      Duration wait = BACKOFF.delay(failures);
      metrics.error(failure.kind());
      health.kafkaUnreachable(failure.reason());
      LOG.warn(
          "OutboxRelay - {}; sending event {} of a batch of {} and the {} after it again{} in {}"
              + " ms",
          failure.reason(),
          failure.index() + 1,
          events.size(),
          events.size() - failure.index() - 1,
          failure.sent() ? " with a new producer" : "",
          wait.toMillis());
      // A topic deleted under the relay shows as failed or stalled sends: check it again.
      topicsOf(events, failure.index()).forEach(topics::forget);
      if (failure.sent()) {
        replaceProducer();
      }
      if (stop.await(wait)) {
        throw abandoned();
      }
      from = failure.index();
    }
  }

  /**
   * Why an attempt ended before every record from its start was acknowledged.
   *
   * @param index the first record not acknowledged: the next attempt starts there
   * @param failed the record whose send failed or stalled
   * @param kind the kind of error for {@code outbox_relay_errors_total}
   * @param error what the producer or the topic check reported, if anything
   * @param sent whether this attempt handed records to the producer (it is then replaced)
   */
  private record Failure(
      int index, int failed, String kind, String reason, Throwable error, boolean sent) {}

  /** A record handed to the producer. */
  private record Pending(
      int index, TopicPartition partition, Uuid topicId, Future<RecordMetadata> ack) {}

  private Failure attempt(List<OutboxEvent> events, int from, PublishSpans.Batch traced)
      throws InterruptedException {
    Map<String, TopicInfo> ready = new HashMap<>();
    for (String topic : topicsOf(events, from)) {
      try {
        ready.put(topic, topics.ready(topic));
      } catch (TopicNotReadyException e) {
        return new Failure(from, from, "topic", e.getMessage(), e, false);
      }
    }
    ProducerSession producer = session;
    long now = System.nanoTime();
    List<Pending> pending = new ArrayList<>(events.size() - from);
    Map<TopicPartition, Pending> firstInColdPartition = new HashMap<>();
    for (int i = from; i < events.size(); i++) {
      OutboxEvent event = events.get(i);
      TopicInfo topic = ready.get(topicOf(event));
      TopicPartition partition =
          new TopicPartition(
              topic.name(), Partitions.forKey(event.aggregateId(), topic.partitions()));
      boolean cold = !producer.isWarm(partition, topic.id(), now);
      if (cold && firstInColdPartition.containsKey(partition)) {
        // KAFKA-15591: a second request in flight to a partition that holds no state for this
        // producer id could be appended before the first. Wait for the first record's ack.
        Pending first = firstInColdPartition.remove(partition);
        Failure failure = await(first, pending, from);
        if (failure != null) {
          return failure;
        }
        producer.acknowledged(partition, topic.id(), System.nanoTime());
        cold = false;
      }
      PublishSpans.PublishSpan span = traced.of(i, event, topic.name());
      Future<RecordMetadata> ack;
      try {
        ack =
            producer
                .producer()
                .send(
                    span.carriedBy(
                        event.toRecord(topic.name(), partition.partition(), config.source())),
                    (metadata, error) -> {
                      if (error == null) {
                        metrics.relayed(topic.name(), event.eventType(), event.commitMicros());
                        span.acknowledged(metadata);
                      } else {
                        span.sendFailed(error);
                      }
                    });
      } catch (RuntimeException e) {
        // send() throws when metadata stays unavailable for max.block.ms, e.g. Kafka is away.
        span.sendFailed(e);
        return new Failure(
            firstUnacknowledged(pending, i),
            i,
            "kafka_send",
            "Kafka refused a send: " + e,
            e,
            true);
      }
      Pending sent = new Pending(i, partition, topic.id(), ack);
      pending.add(sent);
      if (cold) {
        firstInColdPartition.put(partition, sent);
      }
    }
    for (Pending sent : pending) {
      Failure failure = await(sent, pending, from);
      if (failure != null) {
        return failure;
      }
      producer.acknowledged(sent.partition(), sent.topicId(), System.nanoTime());
    }
    return null;
  }

  /**
   * Waits for one acknowledgement: null when it came; a failure when the send failed, or when it
   * stalled (no acknowledgement within the stall timeout).
   */
  private Failure await(Pending sent, List<Pending> pending, int from) throws InterruptedException {
    long waitingSince = System.nanoTime();
    Duration stall = config.sendStallTimeout();
    while (true) {
      try {
        sent.ack().get(ACK_POLL.toMillis(), TimeUnit.MILLISECONDS);
        return null;
      } catch (ExecutionException e) {
        return new Failure(
            firstUnacknowledged(pending, from + pending.size()),
            sent.index(),
            "kafka_send",
            "Kafka did not acknowledge an event to " + sent.partition() + ": " + e.getCause(),
            e.getCause(),
            true);
      } catch (TimeoutException e) {
        if (stop.isRaised()) {
          throw abandoned();
        }
        if (System.nanoTime() - waitingSince >= stall.toNanos()) {
          return new Failure(
              firstUnacknowledged(pending, from + pending.size()),
              sent.index(),
              "kafka_stall",
              "no acknowledgement from Kafka within "
                  + stall.toMillis()
                  + " ms (RELAY_SEND_STALL_TIMEOUT) for an event to "
                  + sent.partition(),
              null,
              true);
        }
      }
    }
  }

  /** The index of the first record handed over and not acknowledged, else {@code otherwise}. */
  private static int firstUnacknowledged(List<Pending> pending, int otherwise) {
    for (Pending sent : pending) {
      if (!acknowledged(sent.ack())) {
        return sent.index();
      }
    }
    return otherwise;
  }

  private static boolean acknowledged(Future<RecordMetadata> ack) {
    if (!ack.isDone()) {
      return false;
    }
    try {
      ack.get();
      return true;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A failure that another attempt cannot fix, or null. */
  private static UnrecoverableException permanent(Failure failure, List<OutboxEvent> events) {
    Throwable error = failure.error();
    OutboxEvent event = events.get(failure.failed());
    if (error instanceof TopicAuthorizationException
        || error instanceof ClusterAuthorizationException) {
      return new TopicAccessException(
          "The relay's Kafka principal may not write event "
              + event.id()
              + " to its topic ("
              + error.getMessage()
              + "). Grant it WRITE and DESCRIBE on the topic, then start the relay again; the"
              + " event waits in the outbox.");
    }
    if (error instanceof RecordTooLargeException) {
      return new UnrecoverableException(
          "Event "
              + event.id()
              + " (a payload of "
              + event.payload().length()
              + " characters) is larger than Kafka accepts ("
              + error.getMessage()
              + "). Raise RELAY_KAFKA_MAX_REQUEST_SIZE and the topic's max.message.bytes, then"
              + " start the relay again; the event waits in the outbox.");
    }
    return null;
  }

  private UnrecoverableException stopped(UnrecoverableException e) {
    stoppedBy = e;
    health.kafkaUnreachable(e.getMessage());
    return e;
  }

  private Set<String> topicsOf(List<OutboxEvent> events, int from) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = from; i < events.size(); i++) {
      names.add(topicOf(events.get(i)));
    }
    return names;
  }

  private String topicOf(OutboxEvent event) {
    return config.topicPattern().topicFor(event.aggregateType());
  }

  private static InterruptedException abandoned() {
    return new InterruptedException(
        "relay stopping: batch abandoned unacknowledged, it is sent again on the next start");
  }

  private void replaceProducer() {
    ProducerSession failed = session;
    failed.abandon();
    session = new ProducerSession(producers.get());
  }

  @Override
  public void close() {
    session.close(Duration.ofSeconds(2));
  }
}
