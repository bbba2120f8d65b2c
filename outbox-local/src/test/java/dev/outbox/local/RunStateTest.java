package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.cli.status.RunProcesses;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStateTest {

  @Test
  void a_second_run_beside_a_live_one_is_refused(@TempDir Path dir) throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Files.createDirectories(dir.resolve("run"));
      Files.writeString(dir.resolve("run/up.pid"), Long.toString(other.pid()));
      RunState state = new RunState(dir.resolve("run"), dir.resolve("pg"));
      assertThatThrownBy(state::claim)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another 'bin/outbox up' is running (pid " + other.pid() + ")");
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void children_left_by_a_crashed_run_are_stopped(@TempDir Path dir) throws Exception {
    // A java child of a run whose CLI died (its pid file names a process that is gone).
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path sleeper = dir.resolve("Sleep.java");
    Files.writeString(
        sleeper,
        "class Sleep { public static void main(String[] a) throws Exception {"
            + " Thread.currentThread().join(); } }");
    Process orphan = new ProcessBuilder(java, sleeper.toString()).start();
    Files.createDirectories(dir.resolve("run"));
    Files.writeString(dir.resolve("run/up.pid"), "999999999");
    RunState crashed = new RunState(dir.resolve("run"), dir.resolve("pg"));
    crashed.recordChildren(Map.of("customer-app", orphan.pid()));

    assertThat(new RunState(dir.resolve("run"), dir.resolve("pg")).claim())
        .containsExactly("customer-app (pid " + orphan.pid() + ")");
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !orphan.isAlive());
  }

  @Test
  void a_clean_stop_leaves_nothing_to_clean(@TempDir Path dir) {
    RunState state = new RunState(dir.resolve("run"), dir.resolve("pg"));
    assertThat(state.claim()).isEmpty();
    state.release();
    assertThat(dir.resolve("run/up.pid")).doesNotExist();
    assertThat(new RunState(dir.resolve("run"), dir.resolve("pg")).claim()).isEmpty();
  }

  @Test
  void the_processes_file_is_written_read_back_and_removed_on_a_clean_stop(@TempDir Path dir)
      throws Exception {
    RunState state = new RunState(dir.resolve("run"), dir.resolve("pg"));
    state.claim();
    List<RunProcess> processes =
        Width.of("order-app=2", true, 4).plan().stream()
            .map(p -> p.toRunProcess(p.relay() ? null : 100L + p.port()))
            .toList();
    RunProcesses run =
        new RunProcesses(
            ProcessHandle.current().pid(),
            Instant.parse("2026-12-02T14:00:00Z"),
            4,
            Map.of("customer.events", 4, "order.events", 4),
            processes);
    state.recordProcesses(run);

    Path file = dir.resolve("run/processes.json");
    assertThat(RunProcesses.read(file)).isEqualTo(run);
    assertThat(RunProcesses.readIfLive(file)).contains(run);
    assertThat(Files.readString(file))
        .contains("\"name\" : \"order-app-2\"", "\"kind\" : \"relay\"", "\"role\" : \"standby\"")
        .doesNotContain("null");

    state.release();
    assertThat(file).doesNotExist();
  }

  @Test
  void a_processes_file_left_by_a_crashed_run_is_not_read_and_the_next_run_removes_it(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("run/processes.json");
    RunProcesses crashed = new RunProcesses(999_999_999L, Instant.now(), 3, Map.of(), List.of());
    crashed.write(file);
    assertThat(RunProcesses.readIfLive(file)).isEmpty();
    new RunState(dir.resolve("run"), dir.resolve("pg")).claim();
    assertThat(file).doesNotExist();
  }
}
