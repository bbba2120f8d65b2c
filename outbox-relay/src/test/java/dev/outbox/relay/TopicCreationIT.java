package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.Ports;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.RelayProcess;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay makes a topic ready before its first send to it, or stops saying what to do. */
@ExtendWith(OutboxStackExtension.class)
class TopicCreationIT {

  private final OutboxStack stack;
  private final RelayFixture fixture;
  private final Admin kafka;

  TopicCreationIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
    this.kafka =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
  }

  @AfterEach
  void cleanUp() {
    kafka.close(Duration.ofSeconds(2));
    fixture.dropSlots();
  }

  @Test
  void a_missing_topic_is_created_with_the_configured_shape_before_the_first_send()
      throws Exception {
    String type = "created" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("created"));
    env.put("RELAY_TOPIC_PARTITIONS", "2"); // the embedded broker's default is 3
    env.put("RELAY_TOPIC_REPLICATION_FACTOR", "1");
    env.put("RELAY_TOPIC_MIN_INSYNC_REPLICAS", "1");

    try (Relay relay = fixture.startStreaming(env);
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      fixture.writer().commit(List.of(OutboxRow.of(type, "a", 1), OutboxRow.of(type, "b", 1)));
      reader.awaitAtLeast(2, Duration.ofSeconds(60));
    }

    TopicDescription topic = describe(type + ".events");
    assertThat(topic.partitions()).hasSize(2);
    assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
    ConfigEntry minIsr = topicConfig(type + ".events").get("min.insync.replicas");
    assertThat(minIsr.value()).isEqualTo("1");
    assertThat(minIsr.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }

  @Test
  void a_topic_it_may_not_create_stops_the_relay_with_exit_3_and_its_events_wait()
      throws Exception {
    String type = "nevercreated" + StreamingIT.suffix();
    String topic = type + ".events";
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("never"));
    env.put("RELAY_TOPIC_CREATE", "never");
    env.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));
    OutboxRow row = OutboxRow.of(type, "a", 1);

    try (RelayProcess relay = RelayProcess.start("topic-never", env)) {
      relay.awaitHealthy(Duration.ofSeconds(60));
      fixture.writer().commit(List.of(row));

      int exit = relay.awaitExit(Duration.ofSeconds(60));
      System.out.println("Relay without its topic: exit " + exit + ", " + relay.lastErrorLine());
      assertThat(exit).as(relay.output()).isEqualTo(Main.EXIT_UNRECOVERABLE);
      assertThat(relay.lastErrorLine())
          .startsWith("outbox-relay: stopped: Topic " + topic + " does not exist")
          .contains("RELAY_TOPIC_CREATE=never")
          .contains("kafka-topics.sh --create --topic " + topic);
    }
    assertThat(topicExists(topic)).as("the relay let nobody create the topic").isFalse();

    // Allowed to create it, the relay publishes the event that waited: nothing was lost.
    env.put("RELAY_TOPIC_CREATE", "create");
    try (Relay relay = fixture.startStreaming(env);
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), topic)) {
      reader.awaitIds(List.of(row.id()), Duration.ofSeconds(60));
    }
  }

  @Test
  void a_topic_deleted_while_the_relay_runs_is_created_again_before_the_next_send()
      throws Exception {
    String type = "deleted" + StreamingIT.suffix();
    String topic = type + ".events";
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("deleted"));
    env.put("RELAY_TOPIC_PARTITIONS", "2");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    try (Relay relay = fixture.startStreaming(env, registry)) {
      try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), topic)) {
        fixture.writer().commit(List.of(OutboxRow.of(type, "a", 1)));
        reader.awaitAtLeast(1, Duration.ofSeconds(60));
      }
      assertThat(gauge(registry, "outbox.relay.topics.ready")).isOne();

      kafka.deleteTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
      // The relay checks the topics it knows again and forgets the deleted one.
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> gauge(registry, "outbox.relay.topics.ready") == 0);

      OutboxRow after = OutboxRow.of(type, "a", 2);
      fixture.writer().commit(List.of(after));
      try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), topic)) {
        reader.awaitIds(List.of(after.id()), Duration.ofSeconds(60));
      }
      assertThat(count(registry, "outbox.relay.topics.created")).isEqualTo(2);
      assertThat(describe(topic).partitions())
          .as("created again by the relay, not by the broker's auto-creation (3 partitions)")
          .hasSize(2);
    }
  }

  private TopicDescription describe(String topic) throws Exception {
    return kafka
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic);
  }

  private boolean topicExists(String topic) throws Exception {
    try {
      describe(topic);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
  }

  private Config topicConfig(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return kafka.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
  }

  private static double gauge(PrometheusMeterRegistry registry, String name) {
    Gauge gauge = registry.find(name).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  private static double count(PrometheusMeterRegistry registry, String name) {
    Counter counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
