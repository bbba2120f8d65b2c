package dev.outbox.relay.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One idempotent producer (one producer id) and the partitions it has written to: a partition is
 * <em>warm</em> once Kafka acknowledged a record of this producer in it. Used by the engine thread
 * only.
 *
 * <p>Why it matters (KAFKA-15591, brokers before 4.5): a partition leader that holds no state for a
 * producer id accepts any first sequence number. When an idempotent producer has several requests
 * in flight to such a partition and the first one is refused (the broker has not applied a new
 * partition yet, or its leader just moved), a later request can be appended before it; every retry
 * of the first then fails with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until {@code
 * delivery.timeout.ms}, and its records end up after later versions of the same aggregate. Once an
 * acknowledged record gave the leader state for the producer id, the leader checks every sequence
 * and refuses a request that would skip one, so order holds. Hence the publisher sends a single
 * record to a cold partition and the rest only after its acknowledgement.
 */
final class ProducerSession {

  private static final Logger LOG = LoggerFactory.getLogger(ProducerSession.class);

  /**
   * How long an acknowledgement keeps a partition warm. A leader forgets an idle producer id after
   * {@code producer.id.expiration.ms} (one day by default); an hour leaves a wide margin, and
   * cooling a partition costs one round trip.
   */
  static final Duration WARM_FOR = Duration.ofHours(1);

  private final Producer<String, byte[]> producer;
  private final Map<TopicPartition, Acknowledged> acknowledged = new HashMap<>();

  private record Acknowledged(Uuid topicId, long atNanos) {}

  ProducerSession(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  Producer<String, byte[]> producer() {
    return producer;
  }

  /**
   * Whether Kafka acknowledged a record of this producer in the partition lately, in this very
   * topic (a topic deleted and created again under the same name has another id and is cold).
   */
  boolean isWarm(TopicPartition partition, Uuid topicId, long nowNanos) {
    Acknowledged last = acknowledged.get(partition);
    return last != null
        && last.topicId().equals(topicId)
        && nowNanos - last.atNanos() < WARM_FOR.toNanos();
  }

  void acknowledged(TopicPartition partition, Uuid topicId, long nowNanos) {
    acknowledged.put(partition, new Acknowledged(topicId, nowNanos));
  }

  /**
   * Closes the producer without waiting: what it has not sent is dropped, and what is in flight may
   * or may not arrive (the publisher sends all of it again with a new producer).
   */
  void abandon() {
    try {
      producer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.debug("OutboxRelay - closing an abandoned producer failed", e);
    }
  }

  void close(Duration timeout) {
    producer.close(timeout);
  }
}
