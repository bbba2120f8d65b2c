package dev.outbox.local;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics of the reference flow, created before anything starts. A consumer that subscribes to a
 * topic that does not exist yet only notices it at its next metadata refresh, so without this the
 * first event of a fresh run would wait seconds before it is applied.
 *
 * <p>A topic that exists keeps its partitions: adding some would send an aggregate's next events to
 * another partition than its earlier ones, and a consumer could apply them out of order. A run that
 * asks for another count than a topic has is refused instead.
 */
final class Topics {

  static final List<String> REFERENCE_TOPICS =
      List.of("customer.events", "order.events", "outbox.backfill.events");

  /** The partitions of each topic unless {@code up --partitions} says otherwise. */
  static final int PARTITIONS = 3;

  private Topics() {}

  /**
   * Creates the topics that are missing, with {@code partitions} partitions each.
   *
   * @return each topic's partition count
   * @throws RunConfigurationException when a topic exists with another count
   */
  static Map<String, Integer> ensure(String bootstrapServers, int partitions) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (String topic : REFERENCE_TOPICS) {
        try {
          admin
              .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
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
      Map<String, Integer> counts = describe(admin);
      requireCount(counts, partitions);
      return counts;
    }
  }

  /**
   * Refuses a topic whose partition count differs from {@code partitions}.
   *
   * @throws RunConfigurationException naming the topic, both counts and the way out
   */
  static void requireCount(Map<String, Integer> counts, int partitions) {
    counts.forEach(
        (topic, count) -> {
          if (count != partitions) {
            throw new RunConfigurationException(
                "topic "
                    + topic
                    + " already has "
                    + count
                    + " partitions and this run asks for "
                    + partitions
                    + " (--partitions, default "
                    + PARTITIONS
                    + "); partitions are never added to an existing topic, because that moves"
                    + " aggregates to other partitions and breaks the order of their events:"
                    + " start with --partitions "
                    + count
                    + " to keep the topics, or with --fresh to delete the data of earlier runs");
          }
        });
  }

  /**
   * Each topic's partition count. A topic created a moment ago may not be in the broker's metadata
   * yet (UnknownTopicOrPartition): asked again until it is, for up to 30 s.
   */
  private static Map<String, Integer> describe(Admin admin) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(REFERENCE_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String topic : REFERENCE_TOPICS) {
          counts.put(topic, described.get(topic).partitions().size());
        }
        return counts;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw new IllegalStateException("could not describe the topics: " + e.getCause(), e);
        }
        pause();
      } catch (TimeoutException e) {
        throw new IllegalStateException("Kafka did not describe the topics within 30 s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while describing the topics", e);
      }
    }
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the topics", e);
    }
  }

  /**
   * One line per app with more instances than the topic it reads has partitions: a consumer group
   * gives each partition to one member, so the others hold none and stay idle.
   */
  static List<String> idleWarnings(Width width, Map<String, Integer> counts) {
    return Arrays.stream(LocalApp.values())
        .filter(app -> counts.containsKey(app.topic()))
        .filter(app -> width.instancesOf(app) > counts.get(app.topic()))
        .map(
            app -> {
              int instances = width.instancesOf(app);
              int partitions = counts.get(app.topic());
              return "warning: "
                  + app.appName()
                  + " has "
                  + instances
                  + " instances and "
                  + app.topic()
                  + " "
                  + partitions
                  + " partitions: "
                  + (instances - partitions)
                  + " instance(s) will hold no partition of it and stay idle (one consumer group"
                  + " shares the partitions; --partitions "
                  + instances
                  + " with --fresh gives each one)";
            })
        .toList();
  }
}
