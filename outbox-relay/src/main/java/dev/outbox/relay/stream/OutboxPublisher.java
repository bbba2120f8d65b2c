package dev.outbox.relay.stream;

import dev.outbox.relay.config.StreamConfig;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.metrics.RelayMetrics;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's batch consumer: publishes every outbox insert of a batch, waits until Kafka
 * acknowledged all of them, and only then marks the batch processed, so the stored position never
 * runs ahead of Kafka.
 *
 * <p>A failed send is retried with backoff, together with everything sent after it in the batch
 * (which may duplicate, never lose, and keeps the order of each aggregate's last copy). Nothing is
 * skipped: the batch stays in flight until Kafka takes it or the relay stops; on a stop the batch
 * is abandoned unmarked and re-read on the next start.
 */
public final class OutboxPublisher
    implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>>,
        AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
  private static final Duration ACK_POLL = Duration.ofMillis(100);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Supplier<Producer<String, byte[]>> producers;
  private final StreamConfig config;
  private final RelayMetrics metrics;
  private final RelayHealth health;
  private final StopSignal stop;
  private final OutboxChangeParser parser = new OutboxChangeParser();
  private volatile Producer<String, byte[]> producer;

  public OutboxPublisher(
      Supplier<Producer<String, byte[]>> producers,
      StreamConfig config,
      RelayMetrics metrics,
      RelayHealth health,
      StopSignal stop) {
    this.producers = producers;
    this.config = config;
    this.metrics = metrics;
    this.health = health;
    this.stop = stop;
    this.producer = producers.get();
  }

  @Override
  public void handleBatch(
      List<ChangeEvent<SourceRecord, SourceRecord>> records,
      DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
      throws InterruptedException {
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
    int from = 0;
    Duration backoff = MIN_BACKOFF;
    while (true) {
      Failure failure = sendAndAwait(events, from);
      if (failure == null) {
        return;
      }
      metrics.error("kafka_send");
      health.kafkaUnreachable(failure.error().toString());
      LOG.warn(
          "OutboxRelay - Kafka did not acknowledge event {} of a batch of {}; re-sending it and the"
              + " {} after it in {} ms: {}",
          failure.index() + 1,
          events.size(),
          events.size() - failure.index() - 1,
          backoff.toMillis(),
          failure.error().toString());
      if (!(failure.error() instanceof RetriableException)) {
        // A producer that failed for a non-retriable reason may stay unusable: start afresh.
        replaceProducer();
      }
      if (stop.await(backoff)) {
        throw abandoned();
      }
      from = failure.index();
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private record Failure(int index, Throwable error) {}

  private Failure sendAndAwait(List<OutboxEvent> events, int from) throws InterruptedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size() - from);
    Failure sendFailure = null;
    for (int i = from; i < events.size(); i++) {
      OutboxEvent event = events.get(i);
      String topic = config.topicPattern().topicFor(event.aggregateType());
      try {
        acks.add(
            producer.send(
                event.toRecord(topic, config.source()),
                (metadata, error) -> {
                  if (error == null) {
                    metrics.relayed(topic, event.eventType(), event.commitMicros());
                  }
                }));
      } catch (RuntimeException e) {
        // send() throws when metadata stays unavailable for max.block.ms, e.g. Kafka is away.
        sendFailure = new Failure(i, e);
        break;
      }
    }
    // Every record already handed to the producer is awaited, even after a failed send: one of
    // them may fail too, and the earliest failure is where the next attempt must start.
    for (int i = 0; i < acks.size(); i++) {
      Throwable error = await(acks.get(i));
      if (error != null) {
        return new Failure(from + i, error);
      }
    }
    return sendFailure;
  }

  /** Waits for one acknowledgement, giving up only when the relay stops. */
  private Throwable await(Future<RecordMetadata> ack) throws InterruptedException {
    while (true) {
      try {
        ack.get(ACK_POLL.toMillis(), TimeUnit.MILLISECONDS);
        return null;
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (TimeoutException e) {
        if (stop.isRaised()) {
          throw abandoned();
        }
      }
    }
  }

  private static InterruptedException abandoned() {
    return new InterruptedException(
        "relay stopping: batch abandoned unacknowledged, it is sent again on the next start");
  }

  private void replaceProducer() {
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("OutboxRelay - closing the failed producer failed too", e);
    }
    producer = producers.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
  }
}
