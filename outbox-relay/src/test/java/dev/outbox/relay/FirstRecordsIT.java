package dev.outbox.relay;

import static dev.outbox.relay.fixture.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.OutboxWriter;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A topic's first records, the moment KAFKA-15591 bites on brokers before 4.5 (this broker is 4.3):
 * an idempotent producer with several requests in flight to a just-created partition can have a
 * later request appended and the first refused with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until
 * {@code delivery.timeout.ms} (two minutes), after which re-sending puts an aggregate's events out
 * of order. Small producer batches put many requests in flight to each new partition; dozens of new
 * topics make the race likely. The relay must neither stall nor reorder.
 */
@ExtendWith(OutboxStackExtension.class)
class FirstRecordsIT {

  private static final int TOPICS = 30;
  private static final int AGGREGATES = 4;
  private static final int VERSIONS = 12;

  /**
   * The longest the test waits for one more record. Progress, not a budget for the whole run: a
   * relay stuck on KAFKA-15591 makes none for {@code delivery.timeout.ms}.
   */
  private static final Duration NO_PROGRESS = Duration.ofSeconds(60);

  private final OutboxStack stack;
  private final RelayFixture fixture;
  private final OutboxWriter writer;

  FirstRecordsIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
    this.writer = fixture.writer();
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void first_records_to_topics_the_relay_creates_neither_stall_nor_reorder() {
    String prefix = "first" + StreamingIT.suffix() + "t";
    Map<String, String> env = environment("firstcreate");
    env.put("RELAY_TOPIC_PARTITIONS", "2");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    try (Relay relay = fixture.startStreaming(env, registry);
        Reader reader = new Reader(prefix)) {
      List<OutboxRow> rows = rows(prefix);
      // Transactions of 60 rows, each across many topics: every engine batch meets new topics.
      writer.commitInTransactions(rows, sizes(rows.size(), 60), committed -> {});

      reader.awaitAll(rows);
      assertInAggregateOrder(reader, rows);
      assertThat(count(registry, "outbox.relay.topics.created")).isEqualTo(TOPICS);
      assertThat(errors(registry, "kafka_stall")).as("sends that stalled").isZero();
    }
  }

  @Test
  void first_records_to_topics_auto_created_meanwhile_neither_stall_nor_reorder() {
    String prefix = "first" + StreamingIT.suffix() + "a";
    Map<String, String> env = environment("firstauto");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ExecutorService autoCreation = Executors.newSingleThreadExecutor();

    try (Relay relay = fixture.startStreaming(env, registry);
        Reader reader = new Reader(prefix);
        KafkaProducer<String, String> other = autoCreatingClient()) {
      List<OutboxRow> rows = rows(prefix);
      List<CompletableFuture<?>> created = new ArrayList<>();
      for (int t = 0; t < TOPICS; t++) {
        String topic = topic(prefix, t);
        String type = type(prefix, t);
        // Another client's metadata request makes the broker create the topic (the embedded
        // broker has auto.create.topics.enable=true) while the relay is about to send to it.
        created.add(CompletableFuture.runAsync(() -> other.partitionsFor(topic), autoCreation));
        writer.commit(rows.stream().filter(r -> r.aggregateType().equals(type)).toList());
      }

      reader.awaitAll(rows);
      CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
      assertInAggregateOrder(reader, rows);
      assertThat(errors(registry, "kafka_stall")).as("sends that stalled").isZero();
    } finally {
      autoCreation.shutdownNow();
    }
  }

  private Map<String, String> environment(String purpose) {
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot(purpose));
    // Batches of about three records: several requests in flight to each new partition.
    env.put("RELAY_KAFKA_BATCH_SIZE", "1024");
    env.put("RELAY_KAFKA_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION", "5");
    // Far below delivery.timeout.ms (2 min), far above an ack on a busy machine: a stall here is
    // a real one.
    env.put("RELAY_SEND_STALL_TIMEOUT", "20s");
    return env;
  }

  /** Versions 1..VERSIONS of each aggregate of each topic, interleaved across topics. */
  private static List<OutboxRow> rows(String prefix) {
    List<OutboxRow> rows = new ArrayList<>();
    for (int v = 1; v <= VERSIONS; v++) {
      for (int t = 0; t < TOPICS; t++) {
        for (int a = 0; a < AGGREGATES; a++) {
          rows.add(OutboxRow.of(type(prefix, t), "agg-" + a, v));
        }
      }
    }
    return rows;
  }

  private static List<Integer> sizes(int rows, int size) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = rows; left > 0; left -= size) {
      sizes.add(Math.min(size, left));
    }
    return sizes;
  }

  private static String type(String prefix, int t) {
    return prefix + t;
  }

  private static String topic(String prefix, int t) {
    return type(prefix, t) + ".events";
  }

  /**
   * Per aggregate, the versions in the order Kafka holds them, each event counted where it first
   * appears (a consumer drops later copies by event id): 1, 2, 3, ... with none missing.
   */
  private static void assertInAggregateOrder(Reader reader, List<OutboxRow> rows) {
    Map<String, List<Long>> versions = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : reader.records) {
      if (seen.add(header(record, "ce_id"))) {
        versions
            .computeIfAbsent(record.topic() + "/" + record.key(), k -> new ArrayList<>())
            .add(Long.parseLong(header(record, "ce_aggregateversion")));
      }
    }
    List<Long> expected = new ArrayList<>();
    for (long v = 1; v <= VERSIONS; v++) {
      expected.add(v);
    }
    int duplicates = reader.records.size() - seen.size();
    System.out.printf(
        "First records: %d rows to %d new topics, %d records read, %d duplicates%n",
        rows.size(), TOPICS, reader.records.size(), duplicates);
    assertThat(versions).hasSize(TOPICS * AGGREGATES);
    versions.forEach(
        (aggregate, order) ->
            assertThat(order).as("versions of %s in Kafka's order", aggregate).isEqualTo(expected));
  }

  private KafkaProducer<String, String> autoCreatingClient() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
  }

  private static double count(PrometheusMeterRegistry registry, String name) {
    Counter counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double errors(PrometheusMeterRegistry registry, String kind) {
    Counter counter = registry.find("outbox.relay.errors").tag("kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Reads every topic of the test from its beginning, as the topics appear. */
  private final class Reader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Set<String> offsets = new HashSet<>();

    Reader(String prefix) {
      Map<String, Object> props = new HashMap<>();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "first-records-" + UUID.randomUUID());
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
      props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumer = new KafkaConsumer<>(props);
      consumer.subscribe(Pattern.compile(Pattern.quote(prefix) + "\\d+\\.events"));
    }

    /** Waits for every row's event, as long as events keep coming. */
    void awaitAll(List<OutboxRow> rows) {
      Set<String> expected = new HashSet<>();
      rows.forEach(r -> expected.add(r.id().toString()));
      while (!ids.containsAll(expected)) {
        int before = ids.size();
        await()
            .atMost(NO_PROGRESS)
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  poll();
                  return ids.size() > before || ids.containsAll(expected);
                });
      }
    }

    private void poll() {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        // Each new topic rebalances the group, which reads its partitions again from the start:
        // a record at an offset already read is the same record, not a duplicate the relay sent.
        if (offsets.add(record.topic() + "-" + record.partition() + "@" + record.offset())) {
          records.add(record);
          ids.add(header(record, "ce_id"));
        }
      }
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(2));
    }
  }
}
