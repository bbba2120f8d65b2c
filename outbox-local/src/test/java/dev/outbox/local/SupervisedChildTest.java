package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedChildTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  private static ChildSpec shell(Path dir, String script, Map<Integer, String> permanent) {
    return new ChildSpec(
        "probe",
        List.of("sh", "-c", script),
        Map.of("PROBE_GREETING", "hello"),
        dir.resolve("logs/probe.log"),
        "nowhere",
        Optional::empty,
        StopSignal.TERM,
        permanent,
        "probe: ");
  }

  private static void awaitDeath(SupervisedChild child) {
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !child.isAlive());
  }

  @Test
  void a_dead_child_is_not_restarted_before_its_delay_and_is_after_it(@TempDir Path dir)
      throws Exception {
    SupervisedChild child =
        new SupervisedChild(shell(dir, "echo $PROBE_GREETING; exit 1", Map.of()), clock);
    child.start();
    awaitDeath(child);

    Optional<SupervisedChild.Event> noticed = child.check();
    assertThat(noticed)
        .hasValueSatisfying(
            e -> {
              assertThat(e.kind()).isEqualTo(SupervisedChild.Kind.DIED);
              assertThat(e.message()).contains("probe exited with code 1 (pid ", "restarting in ");
            });
    assertThat(child.downSince()).contains(clock.instant());
    Instant due = child.restartDue().orElseThrow();

    clock.set(due.minusMillis(1));
    assertThat(child.check()).as("not before the delay").isEmpty();
    assertThat(child.restarts()).isZero();
    assertThat(child.isAlive()).isFalse();

    clock.set(due);
    assertThat(child.check())
        .hasValueSatisfying(e -> assertThat(e.message()).contains("probe restarted (restart #1"));
    assertThat(child.restarts()).isEqualTo(1);

    awaitDeath(child);
    assertThat(Files.readAllLines(dir.resolve("logs/probe.log"))).containsExactly("hello", "hello");
  }

  @Test
  void delays_grow_with_each_death_in_a_row_up_to_a_ceiling(@TempDir Path dir) {
    SupervisedChild child = new SupervisedChild(shell(dir, "exit 1", Map.of()), clock);
    child.start();
    List<Duration> delays = new ArrayList<>();
    for (int death = 0; death < 10; death++) {
      awaitDeath(child);
      Instant noticedAt = clock.instant();
      assertThat(child.check()).isPresent();
      Instant due = child.restartDue().orElseThrow();
      delays.add(Duration.between(noticedAt, due));
      clock.set(due);
      assertThat(child.check()).isPresent();
    }
    Duration ceiling = SupervisedChild.RESTART_BACKOFF.max();
    assertThat(delays.get(0)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
    for (int i = 1; i < 5; i++) {
      assertThat(delays.get(i)).as("delay %d", i + 1).isGreaterThan(delays.get(i - 1));
    }
    assertThat(delays).allMatch(d -> d.compareTo(ceiling) <= 0);
    assertThat(delays.subList(7, 10))
        .allMatch(d -> d.compareTo(ceiling.multipliedBy(8).dividedBy(10)) >= 0);
  }

  @Test
  void a_child_that_ran_long_enough_starts_its_backoff_over(@TempDir Path dir) {
    Path flag = dir.resolve("die");
    SupervisedChild child =
        new SupervisedChild(
            shell(dir, "while [ ! -f " + flag + " ]; do sleep 0.1; done; exit 1", Map.of()), clock);
    child.start();
    // Two deaths in a row: the second delay is the longer one.
    for (int i = 0; i < 2; i++) {
      writeFlag(flag);
      awaitDeath(child);
      child.check();
      deleteFlag(flag);
      clock.set(child.restartDue().orElseThrow());
      child.check();
    }
    clock.advance(SupervisedChild.STABLE_AFTER.plusSeconds(1));
    assertThat(child.check()).as("alive, nothing to say").isEmpty();
    writeFlag(flag);
    awaitDeath(child);
    Instant noticed = clock.instant();
    child.check();
    assertThat(Duration.between(noticed, child.restartDue().orElseThrow()))
        .as("the first delay again")
        .isLessThanOrEqualTo(Duration.ofMillis(1200));
  }

  @Test
  void a_permanent_exit_is_reported_once_with_its_last_words_and_never_restarted(
      @TempDir Path dir) {
    SupervisedChild child =
        new SupervisedChild(
            shell(
                dir,
                "echo 'probe: stopped: its slot was dropped' >&2; echo 'shutting down'; exit 3",
                Map.of(3, "a condition no restart can fix")),
            clock);
    child.start();
    awaitDeath(child);
    assertThat(child.check())
        .hasValueSatisfying(
            e -> {
              assertThat(e.kind()).isEqualTo(SupervisedChild.Kind.GAVE_UP);
              assertThat(e.message())
                  .contains("probe stopped (exit 3: a condition no restart can fix)")
                  .contains("probe: stopped: its slot was dropped")
                  .contains("restart bin/outbox up");
            });
    assertThat(child.gaveUp()).isTrue();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(child.check()).as("said once, never restarted").isEmpty();
    }
    assertThat(child.restarts()).isZero();
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void a_death_by_signal_names_the_signal(@TempDir Path dir) {
    SupervisedChild child = new SupervisedChild(shell(dir, "sleep 60", Map.of()), clock);
    child.start();
    long pid = child.pid().orElseThrow();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    awaitDeath(child);
    assertThat(child.check())
        .hasValueSatisfying(
            e ->
                assertThat(e.message())
                    .startsWith(
                        "probe died (pid " + pid + ", killed by signal 9); restarting in "));
  }

  @Test
  void stop_ends_a_child_that_ignores_sigterm(@TempDir Path dir) {
    SupervisedChild child =
        new SupervisedChild(
            shell(dir, "trap '' TERM; while true; do sleep 1; done", Map.of()), clock);
    child.start();
    long pid = child.pid().orElseThrow();
    child.stop(Duration.ofMillis(500));
    assertThat(child.isAlive()).isFalse();
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
  }

  private static void writeFlag(Path flag) {
    try {
      Files.writeString(flag, "");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteFlag(Path flag) {
    try {
      Files.deleteIfExists(flag);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
