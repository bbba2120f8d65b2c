package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The partitions held as health shows them, kept from the cooperative listener's changes. */
class PartitionAssignmentTest {

  private static final Instant T1 = Instant.parse("2026-12-02T15:00:00Z");
  private static final Instant T2 = T1.plusSeconds(7);
  private static final Instant T3 = T2.plusSeconds(7);

  private static TopicPartition p(String topic, int partition) {
    return new TopicPartition(topic, partition);
  }

  @Test
  void before_the_first_rebalance_nothing_is_held_and_nothing_changed() {
    PartitionAssignment none = PartitionAssignment.none();

    assertThat(none.names()).isEmpty();
    assertThat(none.changedAt()).isNull();
  }

  @Test
  void partitions_are_named_topic_dash_partition_by_topic_then_partition_number() {
    PartitionAssignment held =
        PartitionAssignment.none()
            .plus(List.of(p("order.events", 10), p("customer.events", 2)), T1)
            .plus(List.of(p("order.events", 2), p("order.events", 0)), T1);

    assertThat(held.names())
        .containsExactly(
            "customer.events-2", "order.events-0", "order.events-2", "order.events-10");
  }

  @Test
  void each_change_is_applied_to_what_was_held_and_dates_it() {
    PartitionAssignment first = PartitionAssignment.none().plus(List.of(p("t", 0), p("t", 1)), T1);
    PartitionAssignment revoked = first.minus(List.of(p("t", 1)), T2);
    PartitionAssignment added = revoked.plus(List.of(p("t", 3)), T3);

    assertThat(first.names()).containsExactly("t-0", "t-1");
    assertThat(first.changedAt()).isEqualTo(T1);
    assertThat(revoked.names()).containsExactly("t-0");
    assertThat(revoked.changedAt()).isEqualTo(T2);
    assertThat(added.names()).containsExactly("t-0", "t-3");
    assertThat(added.changedAt()).isEqualTo(T3);
  }

  @Test
  void a_rebalance_that_changes_nothing_keeps_the_time_of_the_last_change() {
    PartitionAssignment held = PartitionAssignment.none().plus(List.of(p("t", 0)), T1);

    // The cooperative protocol calls onPartitionsAssigned after every rebalance, often with none.
    assertThat(held.plus(List.of(), T2).changedAt()).isEqualTo(T1);
    assertThat(held.plus(List.of(p("t", 0)), T2).changedAt()).isEqualTo(T1);
    assertThat(held.minus(List.of(p("t", 5)), T2).changedAt()).isEqualTo(T1);
  }

  @Test
  void joining_the_group_with_no_partition_is_dated_an_idle_member_holds_none() {
    PartitionAssignment idle = PartitionAssignment.none().plus(List.of(), T1);

    assertThat(idle.names()).isEmpty();
    assertThat(idle.changedAt()).isEqualTo(T1);
  }

  @Test
  void losing_or_revoking_everything_holds_none() {
    PartitionAssignment held = PartitionAssignment.none().plus(List.of(p("t", 0), p("t", 1)), T1);

    PartitionAssignment gone = held.minus(List.of(p("t", 0), p("t", 1)), T2);

    assertThat(gone.names()).isEmpty();
    assertThat(gone.changedAt()).isEqualTo(T2);
  }
}
