package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.OutboxWriter;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.relay.stream.SignallingQueue;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A relay with nothing to publish waits for changes (its engine's polling thread parks in the
 * {@link SignallingQueue}) instead of polling for them, and still relays what comes next.
 */
@ExtendWith(OutboxStackExtension.class)
class IdleRelayIT {

  private final OutboxStack stack;
  private final RelayFixture fixture;
  private final OutboxWriter writer;

  IdleRelayIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
    this.writer = fixture.writer();
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void an_idle_relay_waits_for_changes_and_relays_each_insert_that_comes() throws Exception {
    String type = "idle" + (System.nanoTime() % 100_000);
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("idle"));
    try (Relay relay = fixture.startStreaming(env);
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      for (int n = 1; n <= 3; n++) {
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(20))
            .until(IdleRelayIT::theEngineWaitsForChanges);

        OutboxRow row = OutboxRow.of(type, "a-1", n);
        writer.commit(List.of(row));

        reader.awaitIds(List.of(row.id()), Duration.ofSeconds(30));
      }
      assertThat(reader.poll()).hasSize(3);
    }
  }

  /** Whether a thread is parked in {@link SignallingQueue#awaitChanges}. */
  private static boolean theEngineWaitsForChanges() {
    return Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(
            e ->
                e.getKey().getState() == Thread.State.TIMED_WAITING
                    && List.of(e.getValue()).stream()
                        .anyMatch(
                            frame ->
                                frame.getClassName().equals(SignallingQueue.class.getName())
                                    && frame.getMethodName().equals("awaitChanges")));
  }
}
