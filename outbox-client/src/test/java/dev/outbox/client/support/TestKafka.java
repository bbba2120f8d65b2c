package dev.outbox.client.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays the relay: publishes records with the CloudEvents headers of docs/DESIGN.md. */
public final class TestKafka implements AutoCloseable {

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;

  public TestKafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                // Not idempotent: on a loaded machine the broker's idempotence check once refused
                // every later batch of a partition (OutOfOrderSequenceException, retried for
                // minutes). One request in flight keeps each partition's records in send order.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "false",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                "1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
  }

  /** Creates a topic with that many partitions. */
  public void createTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not create topic " + topic, e);
    }
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Publishes one record and waits for the broker's ack. */
  public void send(String topic, TestRecord record) {
    try {
      sendAsync(topic, record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not publish to " + topic, e);
    }
  }

  /**
   * Hands one record to the producer and returns at once: while the broker is away it waits in the
   * producer's buffer (up to its delivery timeout, two minutes) and is sent when the broker
   * returns.
   */
  public Future<RecordMetadata> sendAsync(String topic, TestRecord record) {
    var producerRecord =
        new ProducerRecord<String, byte[]>(
            topic,
            record.aggregateId(),
            record.payload() == null ? null : record.payload().getBytes(StandardCharsets.UTF_8));
    record
        .headers()
        .forEach(
            (name, value) ->
                producerRecord
                    .headers()
                    .add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
    return producer.send(producerRecord);
  }

  @Override
  public void close() {
    producer.close();
  }

  /**
   * A record as the relay writes it.
   *
   * @param headers the headers in order; {@link #of} fills all of docs/DESIGN.md's
   */
  public record TestRecord(String aggregateId, Map<String, String> headers, String payload) {

    /** A well-formed record of the tests' aggregate type. */
    public static TestRecord of(
        String aggregateType, String aggregateId, long version, String type, String payload) {
      return of(aggregateType, aggregateId, version, type, payload, UUID.randomUUID());
    }

    public static TestRecord of(
        String aggregateType,
        String aggregateId,
        long version,
        String type,
        String payload,
        UUID eventId) {
      var headers = new java.util.LinkedHashMap<String, String>();
      headers.put("ce_specversion", "1.0");
      headers.put("ce_id", eventId.toString());
      headers.put("ce_type", type);
      headers.put("ce_source", "client-it");
      headers.put("ce_time", Instant.now().toString());
      headers.put("ce_subject", aggregateId);
      headers.put("content-type", "application/json");
      headers.put("ce_aggregatetype", aggregateType);
      headers.put("ce_aggregateversion", Long.toString(version));
      headers.put("ce_schemaversion", "1");
      return new TestRecord(aggregateId, headers, payload);
    }

    /** The same record with one header set (or replaced). */
    public TestRecord withHeader(String name, String value) {
      var copy = new java.util.LinkedHashMap<>(headers);
      copy.put(name, value);
      return new TestRecord(aggregateId, copy, payload);
    }

    /** The same record without a header. */
    public TestRecord withoutHeader(String name) {
      var copy = new java.util.LinkedHashMap<>(headers);
      copy.remove(name);
      return new TestRecord(aggregateId, copy, payload);
    }

    public String eventId() {
      return headers.get("ce_id");
    }
  }
}
