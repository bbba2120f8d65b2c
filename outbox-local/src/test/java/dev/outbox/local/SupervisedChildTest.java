package dev.outbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedChildTest {

  private static ChildSpec shell(Path dir, String script) {
    return new ChildSpec(
        "probe",
        List.of("sh", "-c", script),
        Map.of("PROBE_GREETING", "hello"),
        URI.create("http://127.0.0.1:1/health"),
        dir.resolve("logs/probe.log"));
  }

  @Test
  void a_dead_child_is_restarted_after_its_backoff_and_its_log_is_kept(@TempDir Path dir)
      throws Exception {
    SupervisedChild child = new SupervisedChild(shell(dir, "echo $PROBE_GREETING; exit 3"));
    child.start();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());

    Instant now = Instant.now();
    Optional<String> noticed = child.check(now);
    assertThat(noticed).hasValueSatisfying(m -> assertThat(m).contains("probe exited with code 3"));
    assertThat(child.check(now.plusMillis(100))).as("not before the backoff").isEmpty();
    assertThat(child.restarts()).isZero();

    Optional<String> restarted = child.check(now.plus(SupervisedChild.FIRST_BACKOFF));
    assertThat(restarted).hasValueSatisfying(m -> assertThat(m).contains("restart #1"));
    assertThat(child.restarts()).isEqualTo(1);

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
    assertThat(Files.readAllLines(dir.resolve("logs/probe.log"))).containsExactly("hello", "hello");
  }

  @Test
  void the_backoff_doubles_up_to_its_ceiling(@TempDir Path dir) {
    SupervisedChild child = new SupervisedChild(shell(dir, "exit 1"));
    child.start();
    Instant now = Instant.now();
    Duration expected = SupervisedChild.FIRST_BACKOFF;
    for (int i = 0; i < 8; i++) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
      assertThat(child.check(now))
          .hasValueSatisfying(m -> assertThat(m).contains("restarting in "));
      now = now.plus(expected);
      assertThat(child.check(now)).hasValueSatisfying(m -> assertThat(m).contains("restarted"));
      expected =
          expected.multipliedBy(2).compareTo(SupervisedChild.MAX_BACKOFF) > 0
              ? SupervisedChild.MAX_BACKOFF
              : expected.multipliedBy(2);
    }
    assertThat(expected).isEqualTo(SupervisedChild.MAX_BACKOFF);
  }

  @Test
  void stop_ends_a_child_that_ignores_sigterm(@TempDir Path dir) {
    SupervisedChild child =
        new SupervisedChild(shell(dir, "trap '' TERM; while true; do sleep 1; done"));
    child.start();
    long pid = child.pid().orElseThrow();
    child.stop(Duration.ofMillis(500));
    assertThat(child.isAlive()).isFalse();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
  }
}
