package dev.outbox.relay.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of another process and of its threads, as Linux's {@code /proc} counts it (user plus
 * system time, in clock ticks of 10 ms). What a process-level monitor of the relay would see.
 */
final class ProcessCpu {

  /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux on x86-64 and arm64. */
  private static final double SECONDS_PER_TICK = 0.01;

  private final long pid;

  ProcessCpu(long pid) {
    this.pid = pid;
  }

  /** CPU-seconds the process used since it started (its threads that ended included). */
  double seconds() {
    return ticks(Paths.get("/proc", Long.toString(pid), "stat")) * SECONDS_PER_TICK;
  }

  /**
   * CPU-seconds of each live thread, summed by name with trailing digits removed ({@code GC
   * Thread#0} and {@code GC Thread#1} count as {@code GC Thread#}). Linux keeps the first 15
   * characters of a Java thread's name.
   */
  Map<String, Double> byThread() {
    Map<String, Double> seconds = new HashMap<>();
    Path tasks = Paths.get("/proc", Long.toString(pid), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      threads.forEach(
          task -> {
            try {
              String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
              double used = ticks(task.resolve("stat")) * SECONDS_PER_TICK;
              seconds.merge(name.replaceAll("[0-9]+$", ""), used, Double::sum);
            } catch (IOException | UncheckedIOException e) {
              // The thread ended while being read.
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seconds;
  }

  /**
   * For each live thread whose name starts with {@code prefix}: user and system CPU-seconds and the
   * number of times it went to sleep (voluntary context switches), summed.
   */
  double[] threadDetail(String prefix) {
    double[] detail = new double[3];
    Path tasks = Paths.get("/proc", Long.toString(pid), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      threads.forEach(
          task -> {
            try {
              String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
              if (!name.startsWith(prefix)) {
                return;
              }
              String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              detail[0] += Long.parseLong(fields[11]) * SECONDS_PER_TICK;
              detail[1] += Long.parseLong(fields[12]) * SECONDS_PER_TICK;
              for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                  detail[2] += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
              }
            } catch (IOException | UncheckedIOException e) {
              // The thread ended while being read.
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return detail;
  }

  /** The process's peak resident set size in MiB ({@code VmHWM}), or -1 when unknown. */
  double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static long ticks(Path stat) {
    String text;
    try {
      text = Files.readString(stat, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
