package dev.outbox.local;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics of the reference flow, created before anything starts. A consumer that subscribes to a
 * topic that does not exist yet only notices it at its next metadata refresh, so without this the
 * first event of a fresh run would wait seconds before it is applied.
 */
final class Topics {

  static final List<String> REFERENCE_TOPICS =
      List.of("customer.events", "order.events", "outbox.backfill.events");
  static final int PARTITIONS = 3;

  private Topics() {}

  static void ensure(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (String topic : REFERENCE_TOPICS) {
        try {
          admin
              .createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)))
              .all()
              .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "could not create topic " + topic + ": " + e.getCause(), e);
          }
        } catch (TimeoutException e) {
          throw new IllegalStateException(
              "Kafka did not create topic " + topic + " within 30 s", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
      }
    }
  }
}
