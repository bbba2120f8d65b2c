package dev.outbox.client.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VersionGuardTest {

  private static final OptionalLong UNKNOWN = OptionalLong.empty();

  @Test
  void a_live_event_is_applied_when_next_applied_after_a_gap_when_later_and_stale_otherwise() {
    assertThat(VersionGuard.decide(UNKNOWN, 1, false)).isEqualTo(Outcome.APPLIED);
    assertThat(VersionGuard.decide(UNKNOWN, 3, false)).isEqualTo(Outcome.APPLIED_AFTER_GAP);
    assertThat(VersionGuard.decide(OptionalLong.of(5), 6, false)).isEqualTo(Outcome.APPLIED);
    assertThat(VersionGuard.decide(OptionalLong.of(5), 8, false))
        .isEqualTo(Outcome.APPLIED_AFTER_GAP);
    assertThat(VersionGuard.decide(OptionalLong.of(5), 5, false)).isEqualTo(Outcome.STALE);
    assertThat(VersionGuard.decide(OptionalLong.of(5), 4, false)).isEqualTo(Outcome.STALE);
  }

  @Test
  void a_snapshot_is_applied_without_a_gap_when_newer_and_skipped_otherwise() {
    assertThat(VersionGuard.decide(UNKNOWN, 5, true)).isEqualTo(Outcome.SNAPSHOT_APPLIED);
    assertThat(VersionGuard.decide(OptionalLong.of(2), 5, true))
        .isEqualTo(Outcome.SNAPSHOT_APPLIED);
    assertThat(VersionGuard.decide(OptionalLong.of(5), 5, true))
        .isEqualTo(Outcome.SNAPSHOT_SKIPPED);
    assertThat(VersionGuard.decide(OptionalLong.of(6), 5, true))
        .isEqualTo(Outcome.SNAPSHOT_SKIPPED);
  }

  @Test
  void after_a_snapshot_the_next_live_version_is_expected() {
    assertThat(VersionGuard.expected(OptionalLong.of(5))).isEqualTo(6);
    assertThat(VersionGuard.decide(OptionalLong.of(5), 6, false)).isEqualTo(Outcome.APPLIED);
    assertThat(VersionGuard.expected(UNKNOWN)).isEqualTo(1);
  }
}
