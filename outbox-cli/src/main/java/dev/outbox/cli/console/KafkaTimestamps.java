package dev.outbox.cli.console;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the timestamp of Kafka records by topic, partition and offset (what an inbox row records):
 * a short-lived consumer with no group, assigned to the partition and seeked to the offset, closed
 * after the lookups of one trail. The record's timestamp is the relay's send time (the producer's
 * CreateTime), when Kafka took the event from the outbox.
 */
final class KafkaTimestamps implements AutoCloseable {

  /** Where a record is. */
  record Position(String topic, int partition, long offset) {

    /** Reads {@code customer.events[2]@41}, as {@code event_trail} writes it; empty otherwise. */
    static Optional<Position> parse(String text) {
      if (text == null) {
        return Optional.empty();
      }
      int open = text.lastIndexOf('[');
      int close = text.lastIndexOf("]@");
      if (open <= 0 || close < open) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Position(
                text.substring(0, open),
                Integer.parseInt(text.substring(open + 1, close)),
                Long.parseLong(text.substring(close + 2))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    @Override
    public String toString() {
      return topic + "[" + partition + "]@" + offset;
    }
  }

  /** Kafka could not be read (not reachable, or the record is gone). */
  static final class KafkaUnreadableException extends RuntimeException {
    KafkaUnreadableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String bootstrap;
  private final Duration timeout;
  private final Map<Position, Instant> found = new HashMap<>();
  private KafkaConsumer<byte[], byte[]> consumer;

  KafkaTimestamps(String bootstrap, Duration timeout) {
    this.bootstrap = bootstrap;
    this.timeout = timeout;
  }

  /**
   * The record's timestamp; empty when the topic no longer holds it (retention).
   *
   * @throws KafkaUnreadableException when Kafka does not answer within the timeout
   */
  Optional<Instant> timestampOf(Position position) {
    if (found.containsKey(position)) {
      return Optional.of(found.get(position));
    }
    TopicPartition partition = new TopicPartition(position.topic(), position.partition());
    try {
      KafkaConsumer<byte[], byte[]> c = consumer();
      c.assign(List.of(partition));
      Long end = c.endOffsets(List.of(partition), timeout).get(partition);
      Long begin = c.beginningOffsets(List.of(partition), timeout).get(partition);
      if (end == null || begin == null || position.offset() < begin || position.offset() >= end) {
        return Optional.empty();
      }
      c.seek(partition, position.offset());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)).records(partition)) {
          if (r.offset() == position.offset()) {
            Instant at = Instant.ofEpochMilli(r.timestamp());
            found.put(position, at);
            return Optional.of(at);
          }
          if (r.offset() > position.offset()) {
            return Optional.empty();
          }
        }
      }
      throw new KafkaUnreadableException(
          "Kafka at "
              + bootstrap
              + " gave no record at "
              + position
              + " within "
              + timeout.toMillis()
              + " ms",
          null);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new KafkaUnreadableException(
          "Kafka at " + bootstrap + " did not answer within " + timeout.toMillis() + " ms", e);
    } catch (KafkaException e) {
      throw new KafkaUnreadableException(
          "Kafka at " + bootstrap + " could not be read: " + e.getMessage(), e);
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, "outbox-console-trail");
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
      p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
      p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
      p.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "1000");
      p.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "2000");
      p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
      consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    return consumer;
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.close(Duration.ZERO);
    }
  }
}
