package dev.outbox.relay.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitionsTest {

  @Test
  void a_key_gets_the_partition_the_java_clients_default_partitioner_gives_it() {
    for (int i = 0; i < 1000; i++) {
      String key = i % 2 == 0 ? UUID.randomUUID().toString() : "agg-" + i;
      for (int partitions : new int[] {1, 2, 3, 12, 50}) {
        assertThat(Partitions.forKey(key, partitions))
            .as("%s of %d", key, partitions)
            .isEqualTo(
                BuiltInPartitioner.partitionForKey(
                    key.getBytes(StandardCharsets.UTF_8), partitions));
      }
    }
  }
}
