package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.stack.ServerControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL goes away while the relay drains a backlog, and comes back. */
@ExtendWith(OutboxStackExtension.class)
class PostgresRestartIT {

  private final OutboxStack stack;
  private final RelayFixture fixture;

  PostgresRestartIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void postgres_restart_mid_stream_loses_nothing() {
    String type = "pgrestart" + StreamingIT.suffix();
    ServerControl postgres = stack.postgresControl().orElseThrow();
    List<OutboxRow> before = rows(type, 0, 5000);
    List<OutboxRow> after = rows(type, 5000, 500);

    try (Relay relay =
            fixture.startStreaming(fixture.environment(RelayFixture.uniqueSlot("pgrestart")));
        TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      fixture.writer().commit(before);
      reader.awaitAtLeast(1, Duration.ofSeconds(30));

      postgres.stop();
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> !relay.health().healthy());
        System.out.println("Health while PostgreSQL is stopped: " + relay.health().toJson());
      } finally {
        postgres.start();
      }
      fixture.writer().commit(after);

      List<java.util.UUID> ids = new ArrayList<>();
      before.forEach(r -> ids.add(r.id()));
      after.forEach(r -> ids.add(r.id()));
      reader.awaitIds(ids, Duration.ofSeconds(90));
      System.out.printf(
          "PostgreSQL restart: %d rows committed, %d records read, %d duplicates%n",
          ids.size(),
          reader.records().size(),
          reader.records().size() - reader.countsById().size());
      assertThat(reader.countsById().keySet()).containsAll(ids);
      await().atMost(Duration.ofMinutes(2)).until(() -> relay.health().healthy());
    }
  }

  private static List<OutboxRow> rows(String type, int from, int count) {
    List<OutboxRow> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      rows.add(OutboxRow.of(type, "agg-" + (i % 50), 1 + i / 50));
    }
    return rows;
  }
}
