package dev.outbox.client.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces records as the relay does (docs/DESIGN.md: key = aggregate id, value = the payload JSON,
 * CloudEvents binary headers), so that consumer tests need no relay.
 */
public final class CloudEventRecords implements AutoCloseable {

  private static final ObjectMapper MAPPER = EventJson.defaultMapper();

  private final KafkaProducer<String, String> producer;

  public CloudEventRecords(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props);
  }

  /** A record of {@code event} with a fresh event id. */
  public static ProducerRecord<String, String> record(
      String topic, String aggregateType, String aggregateId, long version, Object event) {
    return record(topic, UUID.randomUUID(), aggregateType, aggregateId, version, event);
  }

  /** A record of {@code event} with the given event id. */
  public static ProducerRecord<String, String> record(
      String topic,
      UUID eventId,
      String aggregateType,
      String aggregateId,
      long version,
      Object event) {
    EventType type = event.getClass().getAnnotation(EventType.class);
    String payload;
    try {
      payload = MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, aggregateId, payload);
    header(record, "ce_specversion", "1.0");
    header(record, "ce_id", eventId.toString());
    header(record, "ce_type", type.value());
    header(record, "ce_source", "test-producer");
    header(record, "ce_time", Instant.now().toString());
    header(record, "ce_subject", aggregateId);
    header(record, "content-type", "application/json");
    header(record, "ce_aggregatetype", aggregateType);
    header(record, "ce_aggregateversion", Long.toString(version));
    header(record, "ce_schemaversion", Integer.toString(type.schemaVersion()));
    return record;
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends and waits for the broker's acknowledgement. */
  public void send(ProducerRecord<String, String> record) {
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("sending to " + record.topic() + " failed", e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
