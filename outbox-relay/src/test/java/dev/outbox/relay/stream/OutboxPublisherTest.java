package dev.outbox.relay.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.metrics.RelayMetrics;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher's own logic: nothing is marked processed before Kafka acknowledged it, and a failed
 * send is sent again with everything after it. Kafka's {@link MockProducer} stands in for the
 * broker, whose behaviour is not under test here (the ITs cover a real one).
 */
class OutboxPublisherTest {

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final StopSignal stop = new StopSignal();
  private final ExecutorService engineThread = Executors.newSingleThreadExecutor();
  private final OutboxPublisher publisher =
      new OutboxPublisher(
          () -> producer,
          RelayConfig.fromEnvironment(environment()).stream(),
          new RelayMetrics(new SimpleMeterRegistry(), Clock.systemUTC()),
          new RelayHealth(),
          stop);

  @AfterEach
  void stopEngineThread() {
    stop.raise();
    engineThread.shutdownNow();
  }

  @Test
  void a_batch_is_marked_only_after_every_event_is_acknowledged_and_failures_are_resent() {
    List<ChangeEvent<SourceRecord, SourceRecord>> batch =
        List.of(insert("a"), insert("b"), insert("c"));
    RecordingCommitter committer = new RecordingCommitter();
    Future<?> handling = engineThread.submit(() -> handle(batch, committer));

    await().until(() -> producer.history().size() == 3);
    producer.completeNext(); // a
    producer.errorNext(new TimeoutException("broker away")); // b
    producer.completeNext(); // c, acknowledged, but sent again after b
    assertThat(committer.marked).isEmpty();

    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 5);
    assertThat(producer.history().subList(3, 5)).extracting(r -> r.key()).containsExactly("b", "c");
    assertThat(committer.marked).isEmpty();
    producer.completeNext();
    producer.completeNext();

    await().atMost(Duration.ofSeconds(5)).until(handling::isDone);
    assertThat(committer.marked).containsExactlyElementsOf(batch);
    assertThat(committer.batchFinished).isTrue();
  }

  @Test
  void a_stop_abandons_an_unacknowledged_batch_without_marking_it() throws Exception {
    RecordingCommitter committer = new RecordingCommitter();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    engineThread.submit(
        () -> {
          try {
            publisher.handleBatch(List.of(insert("a")), committer);
            outcome.complete(null);
          } catch (InterruptedException e) {
            outcome.complete(e);
          }
        });
    await().until(() -> producer.history().size() == 1);

    stop.raise();

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(committer.marked).isEmpty();
    assertThat(committer.batchFinished).isFalse();
  }

  private void handle(
      List<ChangeEvent<SourceRecord, SourceRecord>> batch, RecordingCommitter committer) {
    try {
      publisher.handleBatch(batch, committer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ChangeEvent<SourceRecord, SourceRecord> insert(String aggregateId) {
    SourceRecord record =
        DebeziumRecords.record("c", DebeziumRecords.row(null).put("aggregate_id", aggregateId));
    return new ChangeEvent<>() {
      @Override
      public SourceRecord key() {
        return null;
      }

      @Override
      public SourceRecord value() {
        return record;
      }

      @Override
      public String destination() {
        return record.topic();
      }

      @Override
      public Integer partition() {
        return null;
      }

      @Override
      public String toString() {
        return "insert " + aggregateId;
      }
    };
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DB_URL", "jdbc:postgresql://localhost/customers");
    env.put("RELAY_DB_USER", "relay");
    env.put("RELAY_DB_PASSWORD", "relay");
    env.put("RELAY_KAFKA_BOOTSTRAP", "localhost:9092");
    return env;
  }

  /** Records what the publisher marks. */
  private static final class RecordingCommitter
      implements DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> {
    final List<ChangeEvent<SourceRecord, SourceRecord>> marked =
        java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean batchFinished;

    @Override
    public void markProcessed(ChangeEvent<SourceRecord, SourceRecord> record) {
      marked.add(record);
    }

    @Override
    public void markBatchFinished() {
      batchFinished = true;
    }

    @Override
    public void markProcessed(
        ChangeEvent<SourceRecord, SourceRecord> record, DebeziumEngine.Offsets offsets) {
      marked.add(record);
    }

    @Override
    public DebeziumEngine.Offsets buildOffsets() {
      return (key, value) -> {};
    }
  }
}
