package dev.outbox.client.housekeeping;

import java.util.Collection;
import java.util.List;

/** Where the topics' retention settings come from: Kafka in production, a fake in unit tests. */
interface TopicRetentionSource extends AutoCloseable {

  /**
   * The retention of each topic.
   *
   * @throws RuntimeException when they cannot be read now (Kafka away, a topic not created yet)
   */
  List<TopicRetention> read(Collection<String> topics);

  @Override
  void close();
}
