package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.Admin;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Old, relayed outbox rows are deleted; the deletes never reach Kafka. */
@ExtendWith(OutboxStackExtension.class)
class RetentionIT {

  private final OutboxStack stack;
  private final RelayFixture fixture;
  private final Admin admin;

  RetentionIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
    this.admin = fixture.admin();
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void retention_deletes_only_old_relayed_rows_and_publishes_no_delete() {
    String type = "retention" + StreamingIT.suffix();
    String slot = RelayFixture.uniqueSlot("retention");
    Map<String, String> env = fixture.environment(slot);
    env.put("RELAY_RETENTION_AGE", "1h");
    env.put("RELAY_RETENTION_INTERVAL", "500ms");
    env.put("RELAY_RETENTION_BATCH_SIZE", "7");
    List<OutboxRow> old = new ArrayList<>();
    List<OutboxRow> recent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      old.add(
          OutboxRow.of(type, "old-" + i, 1).occurredAt(Instant.now().minus(Duration.ofDays(2))));
      recent.add(OutboxRow.of(type, "new-" + i, 1));
    }

    try (Relay relay = fixture.startStreaming(env);
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      fixture.writer().commit(old);
      fixture.writer().commit(recent);
      reader.awaitAtLeast(40, Duration.ofSeconds(30));

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> admin.outboxRows(type) == 20);
      reader.assertStaysAt(40, Duration.ofSeconds(2));
      assertThat(reader.countsById()).hasSize(40);
    }
  }

  @Test
  void retention_deletes_nothing_for_a_relay_that_has_relayed_nothing() {
    String type = "noretention" + StreamingIT.suffix();
    fixture
        .writer()
        .commit(
            List.of(
                OutboxRow.of(type, "a", 1).occurredAt(Instant.now().minus(Duration.ofDays(30)))));
    admin.execute(
        "SELECT outbox_purge_relayed(?, interval '1 second', 1000)",
        RelayFixture.uniqueSlot("never_ran"));
    assertThat(admin.outboxRows(type)).isEqualTo(1);
  }
}
