package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.BackgroundWriter;
import dev.outbox.relay.fixture.Ports;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.RelayProcess;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.stack.Progress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two relays for one database: one streams, the other waits and takes over. */
@ExtendWith(OutboxStackExtension.class)
class StandbyTakeoverIT {

  /** The writer fails the test only when it stops committing for this long, however slow. */
  private static final Duration STALL = Duration.ofMinutes(1);

  private final OutboxStack stack;
  private final RelayFixture fixture;

  StandbyTakeoverIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void standby_takes_over_after_sigkill_of_the_active_relay_without_losing_events()
      throws Exception {
    String type = "takeover" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("takeover"));
    Map<String, String> envA = new HashMap<>(env);
    envA.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));
    Map<String, String> envB = new HashMap<>(env);
    envB.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));

    try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events");
        RelayProcess active = RelayProcess.start("active", envA)) {
      active.awaitHealthy(Duration.ofSeconds(60));
      try (RelayProcess standby = RelayProcess.start("standby", envB)) {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> standby.health().standby());
        System.out.println("Standby reports: " + standby.health().body());

        try (BackgroundWriter load = new BackgroundWriter(fixture.writer(), type, 50, 5, 1000, 4)) {
          reader.awaitAtLeast(1000, Duration.ofSeconds(60));
          active.kill();
          long killedAt = System.nanoTime();

          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> standby.health().activeAndHealthy());
          long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;

          Progress.await("the background writer", load::committedCount, load::finished, STALL);
          reader.awaitIds(load.committedIds(), Duration.ofSeconds(60));
          int duplicates = reader.records().size() - reader.countsById().size();
          System.out.printf(
              "Takeover: standby healthy %d ms after SIGKILL; %d rows committed, %d records read,"
                  + " %d duplicates%n",
              takeoverMillis, load.committedCount(), reader.records().size(), duplicates);
          assertThat(reader.countsById().keySet()).containsAll(load.committedIds());
        }
      }
    }
  }
}
