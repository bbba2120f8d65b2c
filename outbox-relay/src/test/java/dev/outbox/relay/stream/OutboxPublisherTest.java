package dev.outbox.relay.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.relay.UnrecoverableException;
import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.metrics.RelayMetrics;
import dev.outbox.relay.topic.TopicAccessException;
import dev.outbox.relay.topic.TopicGate;
import dev.outbox.relay.topic.TopicInfo;
import dev.outbox.relay.topic.TopicNotReadyException;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher's own logic: nothing is marked processed before Kafka acknowledged it; a failed or
 * stalled send is sent again, in order, with everything after it, by a new producer; a partition a
 * producer has not written to gets one record until it is acknowledged. Kafka's {@link
 * MockProducer} stands in for the broker and a fake for the topic checks, whose behaviour is not
 * under test here (the ITs cover a real broker).
 */
class OutboxPublisherTest {

  private static final Duration NO_STALL = Duration.ofMinutes(5);

  /** Every producer the publisher asked for, in order. */
  private final List<MockProducer<String, byte[]>> producers = new CopyOnWriteArrayList<>();

  private final StopSignal stop = new StopSignal();
  private final ExecutorService engineThread = Executors.newSingleThreadExecutor();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordingCommitter committer = new RecordingCommitter();

  /** The publish spans, once ended: the SDK exports a span when it ends. */
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  private final OpenTelemetrySdk tracing =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();

  @AfterEach
  void stopEngineThread() {
    stop.raise();
    engineThread.shutdownNow();
    tracing.close();
  }

  @Test
  void the_first_record_to_a_partition_goes_alone_until_kafka_acknowledges_it() {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1));
    handleInBackground(publisher, List.of(insert("a"), insert("b"), insert("c")));

    await().until(() -> producer(0).history().size() == 1);
    // KAFKA-15591: a second request in flight to a partition without state for this producer id
    // could be appended before the first. Nothing else goes to the partition meanwhile.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> producer(0).history().size() == 1);

    producer(0).completeNext();

    await().until(() -> producer(0).history().size() == 3);
    assertThat(keys(producer(0).history())).containsExactly("a", "b", "c");
  }

  @Test
  void a_batch_is_marked_only_after_every_event_is_acknowledged() {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1));
    List<ChangeEvent<SourceRecord, SourceRecord>> batch =
        List.of(insert("a"), insert("b"), insert("c"));
    CompletableFuture<Throwable> handled = handleInBackground(publisher, batch);

    await().until(() -> producer(0).history().size() == 1);
    producer(0).completeNext();
    await().until(() -> producer(0).history().size() == 3);
    producer(0).completeNext();
    assertThat(committer.marked).isEmpty();
    producer(0).completeNext();

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    assertThat(committer.marked).containsExactlyElementsOf(batch);
    assertThat(committer.batchFinished).isTrue();
    assertThat(producers).hasSize(1);
  }

  @Test
  void a_failed_send_is_sent_again_in_order_with_everything_after_it_by_a_new_producer() {
    FakeTopics topics = new FakeTopics(1);
    OutboxPublisher publisher = publisher(NO_STALL, topics);
    List<ChangeEvent<SourceRecord, SourceRecord>> batch =
        List.of(insert("a"), insert("b"), insert("c"));
    CompletableFuture<Throwable> handled = handleInBackground(publisher, batch);

    await().until(() -> producer(0).history().size() == 1);
    producer(0).completeNext(); // a
    await().until(() -> producer(0).history().size() == 3);
    producer(0).errorNext(new TimeoutException("broker away")); // b; c never answered

    await().atMost(Duration.ofMinutes(2)).until(() -> producers.size() == 2);
    assertThat(producer(0).closed()).as("the failed producer is dropped").isTrue();
    await().until(() -> producer(1).history().size() == 1);
    producer(1).completeNext();
    await().until(() -> producer(1).history().size() == 2);
    assertThat(committer.marked).isEmpty();
    producer(1).completeNext();

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    assertThat(keys(producer(1).history())).containsExactly("b", "c");
    assertThat(committer.marked).containsExactlyElementsOf(batch);
    assertThat(topics.forgotten).as("the topic is checked again").contains("customer.events");
    assertThat(errors("kafka_send")).isOne();
  }

  @Test
  void a_send_without_an_acknowledgement_is_a_stall_and_a_new_producer_sends_it_all_again() {
    OutboxPublisher publisher = publisher(Duration.ofMillis(300), new FakeTopics(2));
    List<ChangeEvent<SourceRecord, SourceRecord>> batch =
        List.of(insert("a"), insert("a"), insert("b"), insert("a"));
    CompletableFuture<Throwable> handled = handleInBackground(publisher, batch);

    // The first producer never answers: after the stall timeout a new one takes over, long before
    // the producer itself would give up (delivery.timeout.ms).
    await().atMost(Duration.ofMinutes(2)).until(() -> producers.size() == 2);
    assertThat(producer(0).closed()).isTrue();
    assertThat(errors("kafka_stall")).isOne();

    // The new producer sends the whole unacknowledged batch, in order.
    await().until(() -> !producer(1).history().isEmpty());
    await()
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              producer(1).completeNext();
              return handled.isDone();
            });
    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    assertThat(keys(producer(1).history())).containsExactly("a", "a", "b", "a");
    assertThat(committer.marked).containsExactlyElementsOf(batch);
  }

  @Test
  void a_topic_that_is_not_ready_is_asked_again_after_a_backoff() {
    FakeTopics topics = new FakeTopics(1);
    topics.notReadyTimes.set(2);
    OutboxPublisher publisher = publisher(NO_STALL, topics);
    CompletableFuture<Throwable> handled = handleInBackground(publisher, List.of(insert("a")));

    await().atMost(Duration.ofMinutes(2)).until(() -> producer(0).history().size() == 1);
    producer(0).completeNext();

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    assertThat(producers).as("nothing was sent: the producer is kept").hasSize(1);
    assertThat(errors("topic")).isEqualTo(2);
  }

  @Test
  void a_topic_the_relay_may_not_use_stops_publishing_for_good() throws Exception {
    FakeTopics topics = new FakeTopics(1);
    topics.refused = new TopicAccessException("Topic customer.events does not exist");
    OutboxPublisher publisher = publisher(NO_STALL, topics);

    assertThat(handleInBackground(publisher, List.of(insert("a"))).get()).isSameAs(topics.refused);
    assertThat(publisher.stoppedBy()).containsSame(topics.refused);
    assertThat(handleInBackground(publisher, List.of(insert("b"))).get())
        .as("a later batch stops at once")
        .isSameAs(topics.refused);
    assertThat(producer(0).history()).isEmpty();
    assertThat(committer.marked).isEmpty();
  }

  @Test
  void an_event_larger_than_kafka_accepts_stops_publishing_with_what_to_do() throws Exception {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1));
    CompletableFuture<Throwable> handled = handleInBackground(publisher, List.of(insert("a")));

    await().until(() -> producer(0).history().size() == 1);
    producer(0).errorNext(new RecordTooLargeException("too large"));

    assertThat(handled.get())
        .isInstanceOf(UnrecoverableException.class)
        .hasMessageContaining("RELAY_KAFKA_MAX_REQUEST_SIZE");
    assertThat(committer.marked).isEmpty();
  }

  @Test
  void a_stop_abandons_an_unacknowledged_batch_without_marking_it() throws Exception {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1));
    CompletableFuture<Throwable> handled = handleInBackground(publisher, List.of(insert("a")));
    await().until(() -> producer(0).history().size() == 1);

    stop.raise();

    assertThat(handled.get()).isInstanceOf(InterruptedException.class);
    assertThat(committer.marked).isEmpty();
    assertThat(committer.batchFinished).isFalse();
  }

  private static final String ROW_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String ROW_SPAN_ID = "00f067aa0ba902b7";
  private static final String ROW_TRACE_PARENT = "00-" + ROW_TRACE_ID + "-" + ROW_SPAN_ID + "-01";

  @Test
  void a_traced_event_is_published_in_a_child_span_of_the_row_s_trace_that_ends_at_the_ack() {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1), tracing);
    CompletableFuture<Throwable> handled =
        handleInBackground(publisher, List.of(traced("a", ROW_TRACE_PARENT, "e-1")));

    await().until(() -> producer(0).history().size() == 1);
    String header = header(producer(0).history().get(0), "traceparent");
    assertThat(header).matches("00-" + ROW_TRACE_ID + "-[0-9a-f]{16}-01");
    String spanId = header.split("-")[2];
    assertThat(spanId).as("the relay's own span, not the row's").isNotEqualTo(ROW_SPAN_ID);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> spans.getFinishedSpanItems().isEmpty());

    producer(0).completeNext();

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    await().until(() -> spans.getFinishedSpanItems().size() == 1);
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("customer.events publish");
    assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(span.getTraceId()).isEqualTo(ROW_TRACE_ID);
    assertThat(span.getSpanId()).isEqualTo(spanId);
    assertThat(span.getParentSpanId()).isEqualTo(ROW_SPAN_ID);
    assertThat(span.getParentSpanContext().isRemote()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents()).isEmpty();
    assertThat(span.getAttributes().asMap())
        .containsOnly(
            Map.entry(AttributeKey.stringKey("messaging.system"), "kafka"),
            Map.entry(AttributeKey.stringKey("messaging.operation.type"), "send"),
            Map.entry(AttributeKey.stringKey("messaging.operation.name"), "publish"),
            Map.entry(AttributeKey.stringKey("messaging.destination.name"), "customer.events"),
            Map.entry(AttributeKey.stringKey("messaging.destination.partition.id"), "0"),
            Map.entry(AttributeKey.stringKey("messaging.kafka.message.key"), "a"),
            Map.entry(AttributeKey.longKey("messaging.kafka.offset"), 0L),
            Map.entry(AttributeKey.stringKey("messaging.message.id"), "e-1"),
            Map.entry(AttributeKey.stringKey("outbox.event_type"), "CustomerCreated"),
            Map.entry(AttributeKey.stringKey("outbox.aggregate_id"), "a"));
  }

  @Test
  void
      a_failed_send_sent_again_is_one_span_with_an_exception_event_ended_by_the_copy_that_landed() {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1), tracing);
    String otherParent = "00-" + ROW_TRACE_ID.replace('4', '5') + "-" + ROW_SPAN_ID + "-01";
    CompletableFuture<Throwable> handled =
        handleInBackground(
            publisher,
            List.of(traced("a", ROW_TRACE_PARENT, "e-1"), traced("b", otherParent, "e-2")));

    await().until(() -> producer(0).history().size() == 1);
    producer(0).completeNext(); // a
    await().until(() -> producer(0).history().size() == 2);
    producer(0).errorNext(new TimeoutException("broker away")); // b
    await().atMost(Duration.ofMinutes(2)).until(() -> producers.size() == 2);
    await().until(() -> producer(1).history().size() == 1);
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getSpanId).hasSize(1);
    producer(1).completeNext(); // b again

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    await().until(() -> spans.getFinishedSpanItems().size() == 2);
    SpanData b =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getTraceId().equals(ROW_TRACE_ID.replace('4', '5')))
            .findFirst()
            .orElseThrow();
    assertThat(b.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(b.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(TimeoutException.class.getName());
    assertThat(b.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(header(producer(0).history().get(1), "traceparent"))
        .as("both copies carry the one span")
        .isEqualTo(header(producer(1).history().get(0), "traceparent"))
        .contains(b.getSpanId());
    assertThat(spans.getFinishedSpanItems())
        .filteredOn(s -> s.getTraceId().equals(ROW_TRACE_ID))
        .singleElement()
        .satisfies(a -> assertThat(a.getEvents()).isEmpty());
  }

  @Test
  void an_untraced_row_gets_no_span_and_no_header_and_an_invalid_one_keeps_its_value() {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1), tracing);
    CompletableFuture<Throwable> handled =
        handleInBackground(
            publisher, List.of(insert("a"), traced("a", "00-not-a-trace-parent-01", "e-2")));

    await().until(() -> producer(0).history().size() == 1);
    producer(0).completeNext();
    await().until(() -> producer(0).history().size() == 2);
    producer(0).completeNext();

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    assertThat(producer(0).history().get(0).headers().lastHeader("traceparent")).isNull();
    assertThat(header(producer(0).history().get(1), "traceparent"))
        .isEqualTo("00-not-a-trace-parent-01");
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void an_unsampled_parent_gives_an_unrecorded_span_whose_id_the_header_still_carries() {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1), tracing);
    String unsampled = "00-" + ROW_TRACE_ID + "-" + ROW_SPAN_ID + "-00";
    CompletableFuture<Throwable> handled =
        handleInBackground(publisher, List.of(traced("a", unsampled, "e-1")));

    await().until(() -> producer(0).history().size() == 1);
    producer(0).completeNext();

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    assertThat(header(producer(0).history().get(0), "traceparent"))
        .matches("00-" + ROW_TRACE_ID + "-[0-9a-f]{16}-00")
        .isNotEqualTo(unsampled);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void untraced_the_header_is_the_row_s_trace_parent() {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1), OpenTelemetry.noop());
    CompletableFuture<Throwable> handled =
        handleInBackground(publisher, List.of(traced("a", ROW_TRACE_PARENT, "e-1")));

    await().until(() -> producer(0).history().size() == 1);
    producer(0).completeNext();

    assertThat(handled).succeedsWithin(Duration.ofSeconds(10)).isNull();
    assertThat(header(producer(0).history().get(0), "traceparent")).isEqualTo(ROW_TRACE_PARENT);
    assertThat(producer(0).history().get(0).headers().toArray()).hasSize(12);
  }

  @Test
  void the_span_of_an_abandoned_batch_ends_in_error_saying_it_is_read_again() throws Exception {
    OutboxPublisher publisher = publisher(NO_STALL, new FakeTopics(1), tracing);
    CompletableFuture<Throwable> handled =
        handleInBackground(publisher, List.of(traced("a", ROW_TRACE_PARENT, "e-1")));
    await().until(() -> producer(0).history().size() == 1);

    stop.raise();

    assertThat(handled.get()).isInstanceOf(InterruptedException.class);
    await().until(() -> spans.getFinishedSpanItems().size() == 1);
    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).contains("read again on the next start");
  }

  private OutboxPublisher publisher(Duration stallTimeout, TopicGate topics) {
    return publisher(stallTimeout, topics, OpenTelemetry.noop());
  }

  private OutboxPublisher publisher(
      Duration stallTimeout, TopicGate topics, OpenTelemetry openTelemetry) {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_DB_URL", "jdbc:postgresql://localhost/customers");
    env.put("RELAY_DB_USER", "relay");
    env.put("RELAY_DB_PASSWORD", "relay");
    env.put("RELAY_KAFKA_BOOTSTRAP", "localhost:9092");
    env.put("RELAY_SEND_STALL_TIMEOUT", stallTimeout.toMillis() + "ms");
    return new OutboxPublisher(
        () -> {
          MockProducer<String, byte[]> producer =
              new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
          producers.add(producer);
          return producer;
        },
        topics,
        RelayConfig.fromEnvironment(env).stream(),
        new RelayMetrics(registry, Clock.systemUTC()),
        new RelayHealth(),
        stop,
        openTelemetry);
  }

  private MockProducer<String, byte[]> producer(int index) {
    return producers.get(index);
  }

  /** Hands the batch over on the engine thread; completes with what it threw, or null. */
  private CompletableFuture<Throwable> handleInBackground(
      OutboxPublisher publisher, List<ChangeEvent<SourceRecord, SourceRecord>> batch) {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    engineThread.submit(
        () -> {
          try {
            publisher.handleBatch(batch, committer);
            outcome.complete(null);
          } catch (InterruptedException | RuntimeException e) {
            outcome.complete(e);
          }
        });
    return outcome;
  }

  private double errors(String kind) {
    Counter counter = registry.find("outbox.relay.errors").tag("kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<String> keys(List<ProducerRecord<String, byte[]>> records) {
    return records.stream().map(ProducerRecord::key).toList();
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static ChangeEvent<SourceRecord, SourceRecord> insert(String aggregateId) {
    return change(aggregateId, DebeziumRecords.row(null).put("aggregate_id", aggregateId));
  }

  /** An insert whose row carries this {@code trace_parent}. */
  private static ChangeEvent<SourceRecord, SourceRecord> traced(
      String aggregateId, String traceParent, String eventId) {
    return change(
        aggregateId,
        DebeziumRecords.row(traceParent).put("aggregate_id", aggregateId).put("id", eventId));
  }

  private static ChangeEvent<SourceRecord, SourceRecord> change(String aggregateId, Struct row) {
    SourceRecord record = DebeziumRecords.record("c", row);
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

  /** Topics that are ready at once, with a given number of partitions. */
  private static final class FakeTopics implements TopicGate {
    private final int partitions;
    private final Uuid id = Uuid.randomUuid();
    final List<String> forgotten = new CopyOnWriteArrayList<>();
    final AtomicInteger notReadyTimes = new AtomicInteger();
    volatile TopicAccessException refused;

    FakeTopics(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public TopicInfo ready(String topic) {
      if (refused != null) {
        throw refused;
      }
      if (notReadyTimes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new TopicNotReadyException(
            "partitions [0] of topic " + topic + " have no leader", null);
      }
      return new TopicInfo(topic, id, partitions);
    }

    @Override
    public void forget(String topic) {
      forgotten.add(topic);
    }
  }

  /** Records what the publisher marks. */
  private static final class RecordingCommitter
      implements DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> {
    final List<ChangeEvent<SourceRecord, SourceRecord>> marked =
        Collections.synchronizedList(new ArrayList<>());
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
