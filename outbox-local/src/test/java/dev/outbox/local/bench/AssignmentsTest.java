package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentsTest {

  private static final String PREFIX =
      "14:36:00.295 INFO  [outbox-consumer-bench-scale-2] d.o.c.c.ConsumerLoop bench-scale-2 - ";

  @TempDir Path dir;

  @Test
  void an_eager_rebalance_revokes_everything_then_assigns_a_share() {
    String log =
        String.join(
            "\n",
            "14:35:59.582 INFO  [main] d.o.c.c.EventConsumer bench-scale-2 - started: topics"
                + " [customer.events, outbox.backfill.events]",
            PREFIX
                + "partitions assigned: [customer.events-0, customer.events-1, customer.events-2,"
                + " outbox.backfill.events-0, outbox.backfill.events-1, outbox.backfill.events-2]",
            PREFIX
                + "partitions revoked: [customer.events-0, customer.events-1, customer.events-2,"
                + " outbox.backfill.events-0, outbox.backfill.events-1, outbox.backfill.events-2]",
            PREFIX + "partitions assigned: [customer.events-0, customer.events-2]");

    assertThat(Assignments.held(log, "customer.events")).containsExactly(0, 2);
    assertThat(Assignments.held(log, "outbox.backfill.events")).isEmpty();
  }

  @Test
  void a_cooperative_rebalance_moves_only_some_and_a_lost_partition_is_gone() {
    String log =
        String.join(
            "\n",
            PREFIX + "partitions assigned: [customer.events-0, customer.events-1]",
            PREFIX + "partitions revoked: [customer.events-1]",
            PREFIX + "partitions assigned: []",
            PREFIX + "partitions assigned: [customer.events-2]",
            PREFIX + "partitions lost: [customer.events-0]");

    assertThat(Assignments.held(log, "customer.events")).containsExactly(2);
  }

  @Test
  void a_topic_whose_name_ends_like_another_is_not_confused() {
    String log = PREFIX + "partitions assigned: [polling.customer.events-1, customer.events-2]";

    assertThat(Assignments.held(log, "customer.events")).containsExactly(2);
    assertThat(Assignments.held(log, "polling.customer.events")).containsExactly(1);
  }

  @Test
  void only_the_lines_after_the_process_started_count() throws Exception {
    Path log = dir.resolve("order-app-scale2-1.log");
    assertThat(Assignments.sizeOf(log)).isZero();
    assertThat(Assignments.held(log, 0, "customer.events")).isEmpty();

    Files.writeString(log, PREFIX + "partitions assigned: [customer.events-0]\n");
    long from = Assignments.sizeOf(log);
    assertThat(Assignments.held(log, from, "customer.events")).isEmpty();

    Files.writeString(
        log, Files.readString(log) + PREFIX + "partitions assigned: [customer.events-1]\n");
    assertThat(Assignments.held(log, from, "customer.events")).containsExactly(1);
    assertThat(Assignments.held(log, 0, "customer.events")).containsExactly(0, 1);
  }
}
