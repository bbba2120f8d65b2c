package dev.outbox.relay.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a record key, exactly as the Java client's default partitioner computes it for a
 * keyed record (murmur2 of the key's UTF-8 bytes, modulo the partition count), so that the relay
 * agrees with any other Java producer of the same topic. The relay computes it itself because it
 * must know each record's partition before sending (see {@link ProducerSession}).
 */
final class Partitions {

  private Partitions() {}

  static int forKey(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
