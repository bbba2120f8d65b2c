package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
