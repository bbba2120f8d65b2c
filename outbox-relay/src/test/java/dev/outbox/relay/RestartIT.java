package dev.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.BackgroundWriter;
import dev.outbox.relay.fixture.OutboxRow;
import dev.outbox.relay.fixture.OutboxWriter;
import dev.outbox.relay.fixture.Ports;
import dev.outbox.relay.fixture.RelayFixture;
import dev.outbox.relay.fixture.RelayProcess;
import dev.outbox.relay.fixture.TopicReader;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.stack.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stops of every kind: clean, SIGTERM, SIGKILL. Nothing committed is lost. */
@ExtendWith(OutboxStackExtension.class)
class RestartIT {

  /** The writer fails the test only when it stops committing for this long, however slow. */
  private static final Duration STALL = Duration.ofMinutes(1);

  private static final Duration START = Duration.ofMinutes(3);

  private final OutboxStack stack;
  private final RelayFixture fixture;
  private final OutboxWriter writer;

  RestartIT(OutboxStack stack) {
    this.stack = stack;
    this.fixture = new RelayFixture(stack, ServiceDatabase.CUSTOMERS);
    this.writer = fixture.writer();
  }

  @AfterEach
  void dropSlots() {
    fixture.dropSlots();
  }

  @Test
  void clean_restart_loses_nothing_and_duplicates_nothing() {
    String type = "restart" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("restart"));
    List<OutboxRow> before = rows(type, 0, 500);
    List<OutboxRow> whileStopped = rows(type, 500, 500);

    try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      try (Relay relay = fixture.startStreaming(env)) {
        writer.commit(before);
        reader.awaitAtLeast(500, Duration.ofSeconds(30));
      }
      writer.commit(whileStopped);
      try (Relay relay = fixture.startStreaming(env)) {
        reader.awaitAtLeast(1000, Duration.ofSeconds(30));
        reader.assertStaysAt(1000, Duration.ofSeconds(2));
      }
      assertThat(reader.countsById())
          .hasSize(1000)
          .allSatisfy((id, count) -> assertThat(count).isOne());
    }
  }

  @Test
  void rows_committed_before_the_relays_first_start_are_published() {
    String type = "firststart" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("firststart"));
    env.put("RELAY_EXISTING_ROWS", "publish"); // the default in production
    writer.commit(rows(type, 0, 300)); // no slot exists for this relay yet

    try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      try (Relay relay = fixture.startStreaming(env)) {
        reader.awaitAtLeast(300, Duration.ofSeconds(60));
        writer.commit(rows(type, 300, 100));
        reader.awaitAtLeast(400, Duration.ofSeconds(30));
      }
      try (Relay relay = fixture.startStreaming(env)) {
        // A later start resumes from its stored position: the snapshot is not taken again.
        reader.assertStaysAt(400, Duration.ofSeconds(2));
      }
      assertThat(reader.countsById())
          .hasSize(400)
          .allSatisfy((id, count) -> assertThat(count).isOne());
    }
  }

  @Test
  void relay_exits_0_on_sigterm_in_bounded_time_and_resumes_without_duplicates() throws Exception {
    String type = "sigterm" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("sigterm"));
    env.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));

    try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events")) {
      try (RelayProcess relay = RelayProcess.start("sigterm", env)) {
        relay.awaitHealthy(START);
        writer.commit(rows(type, 0, 200));
        reader.awaitAtLeast(200, Duration.ofSeconds(30));

        long started = System.nanoTime();
        relay.terminate();
        int exit = relay.awaitExit(Duration.ofMinutes(2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("SIGTERM: exit %d after %d ms%n", exit, took.toMillis());
        // How long it took is printed, not asserted: a loaded machine may take longer; the bound is
        // RELAY_SHUTDOWN_TIMEOUT, enforced by the relay itself.
        assertThat(exit).as(relay.output()).isZero();
      }
      writer.commit(rows(type, 200, 200));
      try (RelayProcess relay = RelayProcess.start("sigterm-again", env)) {
        relay.awaitHealthy(START);
        reader.awaitAtLeast(400, Duration.ofSeconds(30));
        reader.assertStaysAt(400, Duration.ofSeconds(2));
      }
      assertThat(reader.countsById()).hasSize(400);
    }
  }

  @Test
  void relay_resumes_after_kill_without_losing_events() throws Exception {
    String type = "kill" + StreamingIT.suffix();
    Map<String, String> env = fixture.environment(RelayFixture.uniqueSlot("kill"));
    env.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));

    try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), type + ".events");
        RelayProcess first = RelayProcess.start("kill-first", env)) {
      first.awaitHealthy(START);
      try (BackgroundWriter load = new BackgroundWriter(writer, type, 50, 5, 1200, 4)) {
        reader.awaitAtLeast(1500, Duration.ofSeconds(60));
        first.kill();
        int committedAtKill = load.committedCount();

        try (RelayProcess second = RelayProcess.start("kill-second", env)) {
          second.awaitHealthy(START);
          Progress.await("the background writer", load::committedCount, load::finished, STALL);
          reader.awaitIds(load.committedIds(), Duration.ofSeconds(60));

          int unique = reader.countsById().size();
          int duplicates = reader.records().size() - unique;
          System.out.printf(
              "SIGKILL: %d rows committed (%d when killed), %d records read, %d unique,"
                  + " %d duplicates%n",
              load.committedCount(), committedAtKill, reader.records().size(), unique, duplicates);
          assertThat(reader.countsById().keySet()).containsAll(load.committedIds());
        }
      }
    }
  }

  private static List<OutboxRow> rows(String type, int from, int count) {
    List<OutboxRow> rows = new ArrayList<>();
    IntStream.range(from, from + count)
        .forEach(i -> rows.add(OutboxRow.of(type, "agg-" + (i % 20), 1 + i / 20)));
    return rows;
  }
}
