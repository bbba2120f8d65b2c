package dev.outbox.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * What a topic still holds, and its deletion: {@code deleteRecords} up to the end of every
 * partition, as retention would do once every record is older than {@code retention.ms}.
 */
final class TopicHistory implements AutoCloseable {

  private final Admin admin;

  TopicHistory(String bootstrap) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /** The records the topic holds now (end minus start offset, over its partitions). */
  long retained(String topic) throws ExecutionException, InterruptedException {
    Map<TopicPartition, ListOffsetsResultInfo> start = offsets(topic, OffsetSpec.earliest());
    Map<TopicPartition, ListOffsetsResultInfo> end = offsets(topic, OffsetSpec.latest());
    long retained = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> partition : end.entrySet()) {
      retained += partition.getValue().offset() - start.get(partition.getKey()).offset();
    }
    return retained;
  }

  /** The sum of the end offsets: how many records were ever written to the topic. */
  long written(String topic) throws ExecutionException, InterruptedException {
    return offsets(topic, OffsetSpec.latest()).values().stream()
        .mapToLong(ListOffsetsResultInfo::offset)
        .sum();
  }

  /** Deletes every record the topic holds; returns how many there were. */
  long deleteAll(String topic) throws ExecutionException, InterruptedException {
    Map<TopicPartition, ListOffsetsResultInfo> start = offsets(topic, OffsetSpec.earliest());
    Map<TopicPartition, ListOffsetsResultInfo> end = offsets(topic, OffsetSpec.latest());
    long retained = 0;
    Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> partition : end.entrySet()) {
      long last = partition.getValue().offset();
      retained += last - start.get(partition.getKey()).offset();
      toDelete.put(partition.getKey(), RecordsToDelete.beforeOffset(last));
    }
    admin.deleteRecords(toDelete).all().get();
    return retained;
  }

  private Map<TopicPartition, ListOffsetsResultInfo> offsets(String topic, OffsetSpec spec)
      throws ExecutionException, InterruptedException {
    int partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), spec);
    }
    return admin.listOffsets(request).all().get();
  }

  @Override
  public void close() {
    admin.close();
  }
}
