package dev.outbox.local.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the benchmark asks of the broker: its topics (created up front, stamped with the broker's
 * append time so that a drain is timed by the broker, not by the producer), how many records they
 * hold, their records' append times, and a consumer group placed at a topic's end.
 */
final class Kafka implements AutoCloseable {

  static final int PARTITIONS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final Admin admin;

  Kafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Creates each topic with {@link #PARTITIONS} partitions and LogAppendTime timestamps. */
  void createTopics(List<String> topics) {
    List<NewTopic> created = new ArrayList<>();
    for (String topic : topics) {
      created.add(
          new NewTopic(topic, PARTITIONS, (short) 1)
              .configs(Map.of("message.timestamp.type", "LogAppendTime")));
    }
    get(admin.createTopics(created).all(), "create the topics " + topics);
  }

  /** The end offset of each partition: where the next record goes. */
  Map<TopicPartition, Long> endOffsets(String topic) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    get(admin.listOffsets(request).all(), "read the end offsets of " + topic)
        .forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  /** The records the topic received since {@code from} (its end offsets earlier). */
  long countSince(String topic, Map<TopicPartition, Long> from) {
    long count = 0;
    for (Map.Entry<TopicPartition, Long> end : endOffsets(topic).entrySet()) {
      count += end.getValue() - from.getOrDefault(end.getKey(), 0L);
    }
    return count;
  }

  /** The append time (epoch ms) of every record between {@code from} and {@code to}. */
  long[] appendTimes(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    long total = 0;
    for (Map.Entry<TopicPartition, Long> end : to.entrySet()) {
      total += end.getValue() - from.getOrDefault(end.getKey(), 0L);
    }
    long[] times = new long[Math.toIntExact(total)];
    int n = 0;
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            "5000");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>(to.keySet());
      consumer.assign(partitions);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, from.getOrDefault(partition, 0L));
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos() * 4;
      while (n < times.length) {
        if (System.nanoTime() > deadline) {
          throw new BenchException(
              "read only " + n + " of " + times.length + " records back from Kafka");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < to.get(partition) && n < times.length) {
            times[n++] = record.timestamp();
          }
        }
      }
    }
    return times;
  }

  /** The records of {@code topic} that {@code group} has committed (from offset 0). */
  long committed(String group, String topic) {
    long total = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry :
        get(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "read the offsets of group " + group)
            .entrySet()) {
      if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
        total += entry.getValue().offset();
      }
    }
    return total;
  }

  /** Commits the group's offsets at the topic's end: a consumer of the group starts there. */
  void placeGroupAtEnd(String group, String topic) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    endOffsets(topic).forEach((p, offset) -> offsets.put(p, new OffsetAndMetadata(offset)));
    get(admin.alterConsumerGroupOffsets(group, offsets).all(), "place group " + group);
  }

  private static <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new BenchException("could not " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new BenchException("Kafka did not " + what + " within " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Pause.BenchInterrupted();
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
