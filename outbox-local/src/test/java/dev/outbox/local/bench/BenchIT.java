package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/outbox bench} as a person runs it, as a process: a small run end to end (every figure
 * there and sane, no speed asserted), and Ctrl-C in the middle of a run.
 */
class BenchIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern DATA = Pattern.compile("data in (\\S+)");

  @TempDir Path logs;

  @Test
  void a_small_run_reports_every_figure_as_json_and_leaves_nothing_behind() throws Exception {
    Path output = Files.createTempFile(logs, "bench-", ".out");
    Process bench =
        start(
            output,
            "--json",
            "--events=2000",
            "--single-events=1000",
            "--scale-instances=1,2",
            "--scale-events=1500",
            "--rate=50",
            "--high-rate=100",
            "--warmup-seconds=1",
            "--e2e-seconds=3",
            "--idle-seconds=2");
    assertThat(bench.waitFor(20, TimeUnit.MINUTES)).as("bin/outbox bench ends").isTrue();
    List<String> lines = Files.readAllLines(output);
    System.out.println(String.join("\n", lines));
    assertThat(bench.exitValue()).as("exit status").isZero();

    JsonNode figures = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    for (String name : Figures.NAMES) {
      assertThat(figures.has(name)).as(name).isTrue();
    }
    for (String name :
        List.of(
            "relay_drain_eps",
            "relay_drain_eps_from_start",
            "relay_cpu_s_per_100k",
            "relay_peak_rss_mib",
            "polling_drain_eps",
            "polling_cpu_s_per_100k",
            "relay_polling_drain_ratio",
            "relay_polling_cpu_ratio",
            "consumer_apply_eps",
            "consumer_apply_eps_single",
            "consumer_cpu_s_per_100k",
            "consumer_apply_ratio",
            "e2e_rate_tx_s",
            "e2e_p50_ms",
            "e2e_rate_tx_s_1000",
            "e2e_p50_ms_1000")) {
      assertThat(figures.get(name).isNumber()).as(name + " is a number").isTrue();
      assertThat(figures.get(name).asDouble()).as(name).isPositive();
    }
    for (String run : List.of("", "_1000")) {
      double p50 = figures.get("e2e_p50_ms" + run).asDouble();
      double p99 = figures.get("e2e_p99_ms" + run).asDouble();
      double max = figures.get("e2e_max_ms" + run).asDouble();
      assertThat(p50).as("p50 <= p99" + run).isLessThanOrEqualTo(p99);
      assertThat(p99).as("p99 <= max" + run).isLessThanOrEqualTo(max);
      // Every write of the measured load is measured: none lost, none counted twice.
      assertThat(figures.get("e2e_events" + run).asLong())
          .as("events measured" + run)
          .isEqualTo(figures.get("e2e_offered_tx_s" + run).asLong() * 3);
    }
    assertThat(figures.get("e2e_offered_tx_s").asInt()).isEqualTo(50);
    assertThat(figures.get("e2e_offered_tx_s_1000").asInt()).isEqualTo(100);
    assertThat(figures.get("events").asInt()).isEqualTo(2000);
    assertThat(figures.get("consumer_apply_events_single").asInt()).isGreaterThanOrEqualTo(1000);
    assertThat(figures.get("relay_idle_cpu_pct").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(figures.get("postgres").asText())
        .contains("fsync=on", "full_page_writes=on", "synchronous_commit=on");
    assertThat(figures.get("scale_events").asInt()).isEqualTo(1500);
    assertThat(figures.get("scale_instances").toString()).isEqualTo("[1,2]");
    assertThat(figures.get("scale_ratio").get(0).asDouble()).isEqualTo(1.0);
    for (int pass = 0; pass < 2; pass++) {
      for (String name :
          List.of(
              "scale_apply_eps",
              "scale_ratio",
              "scale_cpu_s_per_100k",
              "scale_pg_cpu_s_per_100k")) {
        assertThat(figures.get(name).get(pass).asDouble()).as(name + "[" + pass + "]").isPositive();
      }
      assertThat(figures.get("scale_machine_busy_pct").get(pass).asDouble())
          .as("machine busy [" + pass + "]")
          .isBetween(0.0, 100.0);
      // Which process held how many partitions at the end: one count per process, at most all.
      String spread = figures.get("scale_partitions").get(pass).asText();
      assertThat(spread).as("partitions [" + pass + "]").matches(pass == 0 ? "\\d" : "\\d\\+\\d");
      assertThat(Arrays.stream(spread.split("\\+")).mapToInt(Integer::parseInt).sum())
          .as("partitions held [" + pass + "]")
          .isLessThanOrEqualTo(Kafka.PARTITIONS);
    }
    assertThat(String.join("\n", lines)).contains("consumer scaling:", "partitions per process");
    assertThat(figures.get("skipped")).isEmpty();
    assertThat(dataDirectory(lines)).as("the run's data is deleted").doesNotExist();
  }

  @Test
  void ctrl_c_stops_every_process_of_the_run_and_deletes_its_data() throws Exception {
    Path output = Files.createTempFile(logs, "bench-", ".out");
    Process bench = start(output, "--events=20000");
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !bench.isAlive() || read(output).contains("] relay drain:"));
    assertThat(bench.isAlive()).as("bench runs: " + read(output)).isTrue();
    List<ProcessHandle> children = bench.descendants().toList();
    assertThat(children).as("PostgreSQL, Kafka and the relay run").hasSizeGreaterThanOrEqualTo(3);

    new ProcessBuilder("kill", "-INT", Long.toString(bench.pid())).start().waitFor();

    assertThat(bench.waitFor(3, TimeUnit.MINUTES)).as("bench stops").isTrue();
    String text = read(output);
    System.out.println(text);
    assertThat(bench.exitValue()).as("exit status of a stopped run").isEqualTo(130);
    assertThat(text).contains("stopped: no process of the benchmark is left");
    for (ProcessHandle child : children) {
      assertThat(child.isAlive()).as("pid " + child.pid() + " " + child.info()).isFalse();
    }
    assertThat(dataDirectory(Files.readAllLines(output))).doesNotExist();
  }

  private Process start(Path output, String... options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bin/outbox").toString());
    command.add("bench");
    command.add("--logs=" + logs.resolve("processes"));
    command.addAll(List.of(options));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static Path dataDirectory(List<String> lines) {
    for (String line : lines) {
      Matcher m = DATA.matcher(line);
      if (m.find()) {
        return Path.of(m.group(1));
      }
    }
    throw new AssertionError("the run never said where its data is: " + lines);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
