package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private final OffsetTracker<String> offsets = new OffsetTracker<>();

  @Test
  void nothing_is_pending_before_a_record_is_applied() {
    assertThat(offsets.pending()).isEmpty();
    assertThat(offsets.revoke(List.of("p0"))).isEmpty();
  }

  @Test
  void the_offset_after_the_last_applied_record_of_each_partition_is_pending() {
    offsets.applied("p0", 1);
    offsets.applied("p0", 2);
    offsets.applied("p1", 8);

    assertThat(offsets.pending()).isEqualTo(Map.of("p0", 2L, "p1", 8L));
  }

  @Test
  void a_successful_commit_clears_only_what_it_committed() {
    offsets.applied("p0", 2);
    offsets.applied("p1", 8);
    Map<String, Long> sent = offsets.pending();
    offsets.applied("p0", 3); // applied while the commit was on its way

    offsets.committed(sent);

    assertThat(offsets.pending()).isEqualTo(Map.of("p0", 3L));
  }

  @Test
  void a_failed_commit_keeps_the_offsets_for_the_next_one() {
    offsets.applied("p0", 2);
    offsets.pending(); // sent, but the commit timed out: committed() is not called

    assertThat(offsets.pending()).isEqualTo(Map.of("p0", 2L));
  }

  @Test
  void a_refused_commit_drops_everything() {
    offsets.applied("p0", 2);
    offsets.applied("p1", 8);

    offsets.dropAll();

    assertThat(offsets.pending()).isEmpty();
  }

  @Test
  void revocation_hands_out_the_revoked_partitions_offsets_once_and_keeps_the_others() {
    offsets.applied("p0", 2);
    offsets.applied("p1", 8);

    assertThat(offsets.revoke(List.of("p0", "p2"))).isEqualTo(Map.of("p0", 2L));
    assertThat(offsets.revoke(List.of("p0"))).isEmpty();
    assertThat(offsets.pending()).isEqualTo(Map.of("p1", 8L));
  }

  @Test
  void lost_partitions_are_forgotten_without_a_commit() {
    offsets.applied("p0", 2);
    offsets.applied("p1", 8);

    offsets.lose(List.of("p0"));

    assertThat(offsets.pending()).isEqualTo(Map.of("p1", 8L));
  }

  @Test
  void the_pending_map_is_a_copy() {
    offsets.applied("p0", 2);
    Map<String, Long> pending = offsets.pending();
    offsets.applied("p0", 5);

    assertThat(pending).isEqualTo(Map.of("p0", 2L));
    assertThatThrownBy(() -> offsets.applied("p0", 0)).hasMessageContaining("1 or more");
  }
}
