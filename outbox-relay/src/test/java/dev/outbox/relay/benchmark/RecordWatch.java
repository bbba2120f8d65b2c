package dev.outbox.relay.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one existing topic from its beginning on a thread of its own and notes when records arrive:
 * the first one, the one that makes {@code target}, and each event id's arrival. At those two
 * moments it also samples the relay's CPU time, so that a drain's CPU can be taken first record to
 * last.
 */
final class RecordWatch implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final int target;
  private final Supplier<CpuSnapshot> cpu;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private volatile long count;
  private volatile long firstNanos;
  private volatile long targetNanos;
  private volatile CpuSnapshot cpuAtFirst;
  private volatile CpuSnapshot cpuAtTarget;
  private volatile long firstTimestamp = Long.MAX_VALUE;
  private volatile long lastTimestamp;

  /**
   * @param target the count whose arrival is noted; 0 for none
   * @param cpu the CPU used so far, taken at the first record and at the target's
   */
  RecordWatch(
      String bootstrap, String topic, int partitions, int target, Supplier<CpuSnapshot> cpu) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(props);
    List<TopicPartition> all = new java.util.ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(topic, p));
    }
    consumer.assign(all);
    consumer.seekToBeginning(all);
    this.target = target;
    this.cpu = cpu;
    this.thread = new Thread(this::run, "benchmark-watch-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          long now = System.nanoTime();
          long n = count + 1;
          if (n == 1) {
            firstNanos = now;
            cpuAtFirst = cpu.get();
          }
          firstTimestamp = Math.min(firstTimestamp, record.timestamp());
          lastTimestamp = Math.max(lastTimestamp, record.timestamp());
          Header id = record.headers().lastHeader("ce_id");
          if (id != null) {
            arrivals.put(new String(id.value(), StandardCharsets.UTF_8), now);
          }
          if (n == target) {
            targetNanos = now;
            cpuAtTarget = cpu.get();
          }
          count = n;
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  long count() {
    return count;
  }

  /** Waits until {@code n} records arrived, failing when none arrived for {@code stall}. */
  void awaitCount(long n, Duration stall) throws InterruptedException {
    long seen = count;
    long lastProgress = System.nanoTime();
    while (count < n) {
      if (count != seen) {
        seen = count;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
        throw new IllegalStateException(
            "only " + count + " of " + n + " records arrived; none for " + stall);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  long firstNanos() {
    return firstNanos;
  }

  long targetNanos() {
    return targetNanos;
  }

  CpuSnapshot cpuAtFirst() {
    return cpuAtFirst;
  }

  CpuSnapshot cpuAtTarget() {
    return cpuAtTarget;
  }

  /** From the first record's producer timestamp to the last one's, in milliseconds. */
  long timestampSpanMillis() {
    return lastTimestamp - firstTimestamp;
  }

  /** When the record with this {@code ce_id} arrived ({@link System#nanoTime()}), or null. */
  Long arrival(String eventId) {
    return arrivals.get(eventId);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
  }
}
