package dev.outbox.client.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.consume.BatchEventHandler;
import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.client.consume.EventEnvelope;
import dev.outbox.client.consume.EventHandler;
import dev.outbox.client.consume.PermanentEventException;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.housekeeping.TableRetention;
import dev.outbox.client.support.TestKafka.TestRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;

/**
 * One test's own aggregate type, topic and consumer name (the stack is shared by the JVM's tests),
 * with a handler that records each application in {@code client_test_effect} and throws {@link
 * PermanentEventException} for events whose name is in {@link #poisonNames}.
 */
public final class ThingFixture implements AutoCloseable {

  private static final ObjectMapper JSON = EventJson.defaultMapper();

  public final String aggregateType;
  public final String consumerName;
  public final EventCatalog<ThingEvent> catalog;
  public final Set<String> poisonNames = ConcurrentHashMap.newKeySet();
  public final List<EventEnvelope<ThingEvent>> envelopes = new CopyOnWriteArrayList<>();

  /** What each call of {@link #batchHandler()} got, "aggregateId:version" per event. */
  public final List<List<String>> batches = new CopyOnWriteArrayList<>();

  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private final TestDatabase db;
  private final TestKafka kafka;
  private final String bootstrapServers;
  private final List<EventConsumer> consumers = new ArrayList<>();
  private final int batchSize;

  public ThingFixture(
      TestDatabase db, TestKafka kafka, String bootstrapServers, String label, int partitions) {
    this(db, kafka, bootstrapServers, label, partitions, EventConsumerConfig.DEFAULT_BATCH_SIZE);
  }

  /** The same with consumers that apply batches of up to {@code batchSize} records. */
  public ThingFixture(
      TestDatabase db,
      TestKafka kafka,
      String bootstrapServers,
      String label,
      int partitions,
      int batchSize) {
    this.batchSize = batchSize;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.aggregateType = "thing-" + suffix;
    this.consumerName = "it-" + label.toLowerCase(Locale.ROOT) + "-" + suffix;
    this.catalog = EventCatalog.of(aggregateType, ThingEvent.class);
    this.db = db;
    this.kafka = kafka;
    this.bootstrapServers = bootstrapServers;
    kafka.createTopic(catalog.topic(), partitions);
  }

  /** Settings of the tests: 3 attempts, short backoff, the fixture's batch size. */
  public EventConsumerConfig config() {
    return EventConsumerConfig.defaults(consumerName, bootstrapServers)
        .withBatchSize(batchSize)
        .withMaxAttempts(3)
        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
        .withPollTimeout(Duration.ofMillis(100));
  }

  /** A consumer with the recording handler, not started. */
  public EventConsumer consumer() {
    return consumer(UnaryOperator.identity());
  }

  /** A consumer with the recording handler and adjusted settings, not started. */
  public EventConsumer consumer(UnaryOperator<EventConsumerConfig> settings) {
    return consumer(settings, TableRetention.defaults());
  }

  /** A consumer with the recording handler, adjusted settings and its tables' retention. */
  public EventConsumer consumer(
      UnaryOperator<EventConsumerConfig> settings, TableRetention retention) {
    EventConsumer consumer =
        EventConsumer.builder(settings.apply(config()))
            .dsl(db.dsl())
            .meterRegistry(meters)
            .retention(retention)
            .on(catalog, handler())
            .build();
    consumers.add(consumer);
    return consumer;
  }

  /**
   * A consumer with the recording handler, its builder adjusted (schemas, upcasters), not started.
   */
  public EventConsumer consumerWith(UnaryOperator<EventConsumer.Builder> customize) {
    EventConsumer consumer =
        customize
            .apply(EventConsumer.builder(config()).dsl(db.dsl()).meterRegistry(meters))
            .on(catalog, handler())
            .build();
    consumers.add(consumer);
    return consumer;
  }

  /** A started consumer with the recording handler. */
  public EventConsumer startConsumer() {
    EventConsumer consumer = consumer();
    consumer.start();
    return consumer;
  }

  /** The recording handler (records effects, throws for poison names). */
  public EventHandler<ThingEvent> handler() {
    return this::apply;
  }

  /**
   * The recording handler a batch at a time: the same effects, and each call's events in {@link
   * #batches}.
   */
  public BatchEventHandler<ThingEvent> batchHandler() {
    return (tx, events) -> {
      batches.add(events.stream().map(e -> e.aggregateId() + ":" + e.aggregateVersion()).toList());
      events.forEach(envelope -> apply(tx, envelope));
    };
  }

  private void apply(DSLContext tx, EventEnvelope<ThingEvent> envelope) {
    String name = envelope.event().name();
    if (poisonNames.contains(name)) {
      throw new PermanentEventException("poison pill '" + name + "'");
    }
    TestDatabase.recordEffect(
        tx,
        consumerName,
        envelope.aggregateId(),
        envelope.aggregateVersion(),
        envelope.id(),
        envelope.type(),
        name);
    envelopes.add(envelope);
  }

  /** A well-formed record of an event. */
  public TestRecord record(String aggregateId, long version, ThingEvent event) {
    try {
      return TestRecord.of(
              aggregateType,
              aggregateId,
              version,
              catalog.typeOf(event.getClass()),
              JSON.writeValueAsString(event))
          .withHeader(
              "ce_schemaversion", Integer.toString(catalog.schemaVersionOf(event.getClass())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A record of an event as the relay publishes a backfill's snapshot: with {@code ce_snapshot:
   * true} and {@code ce_backfill}, and a fresh event id.
   */
  public TestRecord snapshot(String aggregateId, long version, ThingEvent event, UUID backfill) {
    return record(aggregateId, version, event)
        .withHeader("ce_snapshot", "true")
        .withHeader("ce_backfill", backfill.toString());
  }

  /** Publishes a well-formed record of an event; returns it. */
  public TestRecord send(String aggregateId, long version, ThingEvent event) {
    TestRecord record = record(aggregateId, version, event);
    send(record);
    return record;
  }

  public void send(TestRecord record) {
    kafka.send(catalog.topic(), record);
  }

  /** This consumer's effects in applied order, "aggregateId:version:name". */
  public List<String> effects() {
    return db.effects(consumerName);
  }

  public long counter(String name) {
    return db.counter(consumerName, name);
  }

  /** A counter meter of this consumer, 0 when it does not exist. */
  public double meter(String name, String... tags) {
    Counter counter = meters.find(name).tag("consumer", consumerName).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    consumers.forEach(EventConsumer::close);
  }
}
