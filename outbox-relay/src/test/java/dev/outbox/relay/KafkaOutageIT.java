package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.BackgroundWriter;
import dev.outbox.relay.fixture.KafkaBrokerProcess;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.relay.health.HealthReport;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.stack.Progress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka broker goes away mid-stream and comes back. */
@ExtendWith(OutboxStackExtension.class)
class KafkaOutageIT {

  /** The writer fails the test only when it stops committing for this long, however slow. */
  private static final Duration STALL = Duration.ofMinutes(1);

  private final RelayFixture fixture;

  KafkaOutageIT(OutboxStack stack) {
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void kafka_stopped_and_started_mid_stream_loses_nothing() throws Exception {
    String type = "kafkaout" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("kafkaout"));

    try (KafkaBrokerProcess kafka = KafkaBrokerProcess.startNew()) {
      env.put("RELAY_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
      streamThroughOutage(type, env, kafka);
    }
  }

  private void streamThroughOutage(String type, Map<String, String> env, KafkaBrokerProcess kafka)
      throws Exception {
    try (Relay relay = fixture.startStreaming(env);
        BackgroundWriter load = new BackgroundWriter(fixture.writer(), type, 40, 5, 1500, 5)) {
      try (TopicReader before = new TopicReader(kafka.bootstrapServers(), type + ".events")) {
        before.awaitAtLeast(300, Duration.ofSeconds(30));
      }

      kafka.stop();
      int atStop = load.committedCount();
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> !relay.health().healthy());
        HealthReport down = relay.health();
        System.out.println("Health while Kafka is stopped: " + down.toJson());
        assertThat(down.reason()).containsIgnoringCase("kafka");
        // Rows keep being committed while the broker is away (the writer may finish first on a
        // fast machine: then every row it committed after the stop counts).
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> load.committedCount() >= atStop + 500 || load.finished());
        assertThat(load.committedCount())
            .as("rows committed while Kafka was away")
            .isGreaterThan(atStop);
      } finally {
        kafka.start();
      }

      Progress.await("the background writer", load::committedCount, load::finished, STALL);
      try (TopicReader after = new TopicReader(kafka.bootstrapServers(), type + ".events")) {
        after.awaitIds(load.committedIds(), Duration.ofSeconds(90));
        int duplicates = after.records().size() - after.countsById().size();
        System.out.printf(
            "Kafka restart: %d rows committed, %d records read, %d duplicates%n",
            load.committedCount(), after.records().size(), duplicates);
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> relay.health().healthy());
    }
  }
}
