package dev.outbox.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void a_terminal_gets_one_bar_redrawn_in_place_with_the_rate_and_time_left_of_this_run() {
    Progress progress = new Progress(out, true, nanos::get, "backfill x", 40_000);

    advance(Duration.ofSeconds(2));
    progress.update(60_000, 100_000);
    advance(Duration.ofSeconds(1));
    progress.update(70_000, 100_000);
    progress.end();

    assertThat(printed())
        .isEqualTo(
            "\r[##################------------] 60000/100000 (60.0%), 10000/s, ETA 4.0 s"
                + "\r[#####################---------] 70000/100000 (70.0%), 10000/s, ETA 3.0 s"
                + System.lineSeparator());
  }

  @Test
  void elsewhere_a_plain_line_at_most_every_interval() {
    Progress progress = new Progress(out, false, nanos::get, "backfill x", 0);

    advance(Duration.ofMillis(500));
    progress.update(500, 10_000);
    advance(Progress.LINE_INTERVAL);
    progress.update(2_500, 10_000);
    advance(Duration.ofMillis(100));
    progress.update(2_600, 10_000);
    progress.end();

    assertThat(printed())
        .isEqualTo("backfill x: 2500/10000 (25.0%), 1000/s, ETA 7.5 s" + System.lineSeparator());
  }

  @Test
  void durations_read_as_an_operator_reads_them() {
    assertThat(Progress.duration(Duration.ofMillis(42))).isEqualTo("42 ms");
    assertThat(Progress.duration(Duration.ofMillis(6_140))).isEqualTo("6.1 s");
    assertThat(Progress.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
    assertThat(Progress.duration(Duration.ofMinutes(63))).isEqualTo("1 h 3 min");
    assertThat(Progress.rate(100_000, Duration.ofMillis(6_100))).isEqualTo(16_393);
    assertThat(Progress.rate(5, Duration.ZERO)).isZero();
  }
}
