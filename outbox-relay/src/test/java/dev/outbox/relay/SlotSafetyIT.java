package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.Admin;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.Ports;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.RelayProcess;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.relay.position.SlotStateException;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay never re-reads or skips silently, and keeps its slot from holding WAL. */
@ExtendWith(OutboxStackExtension.class)
class SlotSafetyIT {

  private final OutboxStack stack;
  private final RelayFixture fixture;
  private final Admin admin;

  SlotSafetyIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
    this.admin = fixture.admin();
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void relay_refuses_to_start_when_its_slot_was_dropped_while_stopped() throws Exception {
    String slot = RelayFixture.uniqueSlot("dropped");
    Map<String, String> env = fixture.environment(slot);
    relayOneEventAndStop(env, "dropped");
    admin.dropSlot(slot);

    env.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));
    try (RelayProcess relay = RelayProcess.start("dropped-slot", env)) {
      int exit = relay.awaitExit(Duration.ofSeconds(60));
      String output = relay.output();
      System.out.println("Relay with a dropped slot exited with " + exit);
      // 3: no restart can fix it; the last line on stderr says why and what to do.
      assertThat(exit).as(output).isEqualTo(Main.EXIT_UNRECOVERABLE);
      assertThat(relay.lastErrorLine())
          .startsWith("outbox-relay: stopped: Replication slot '" + slot + "' does not exist")
          .contains("relay_offset holds a position")
          .contains("DELETE FROM relay_offset");
    }
    assertThat(admin.confirmedFlushLsn(slot)).as("the slot was not silently re-created").isEmpty();
  }

  @Test
  void relay_refuses_to_start_when_its_slot_moved_past_the_stored_position() {
    String slot = RelayFixture.uniqueSlot("recreated");
    Map<String, String> env = fixture.environment(slot);
    relayOneEventAndStop(env, "recreated");
    admin.dropSlot(slot);
    fixture.writer().commit(List.of(OutboxRow.of("recreated" + StreamingIT.suffix(), "x", 1)));
    admin.createSlot(slot);

    try (Relay relay = fixture.start(env)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> relay.termination().isCompletedExceptionally());
      assertThat(relay.termination())
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause()
          .isInstanceOf(SlotStateException.class)
          .withMessageContaining("past the position stored in relay_offset");
      assertThat(relay.health().healthy()).isFalse();
    }
  }

  @Test
  void heartbeat_advances_the_slot_while_the_outbox_is_idle() {
    String slot = RelayFixture.uniqueSlot("heartbeat");
    Map<String, String> env = fixture.environment(slot);
    env.put("RELAY_HEARTBEAT_INTERVAL", "300ms");
    env.put("RELAY_OFFSET_FLUSH_INTERVAL", "200ms");

    try (Relay relay = fixture.startStreaming(env)) {
      long start = admin.confirmedFlushBytes(slot);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> admin.confirmedFlushBytes(slot) > start);
      long advanced = admin.confirmedFlushBytes(slot);
      // And it keeps moving.
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> admin.confirmedFlushBytes(slot) > advanced);
      System.out.printf(
          "Heartbeat: confirmed_flush_lsn moved from %d to %d bytes with no outbox write%n",
          start, admin.confirmedFlushBytes(slot));
      assertThat(admin.storedOffset(slot)).isPresent();
    }
  }

  /** Runs a relay until one event is on Kafka, then stops it cleanly (its position is stored). */
  private void relayOneEventAndStop(Map<String, String> env, String purpose) {
    String type = purpose + StreamingIT.suffix();
    try (Relay relay = fixture.startStreaming(env);
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      fixture.writer().commit(List.of(OutboxRow.of(type, "a", 1)));
      reader.awaitAtLeast(1, Duration.ofSeconds(30));
    }
    assertThat(admin.storedOffset(env.get("RELAY_SLOT"))).isPresent();
  }
}
