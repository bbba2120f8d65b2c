package dev.outbox.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What Linux's {@code /proc} says about a process: the CPU time it used (user + system, from {@code
 * /proc/<pid>/stat}, in clock ticks of {@code getconf CLK_TCK}, 10 ms here) and its peak resident
 * memory ({@code VmHWM} of {@code /proc/<pid>/status}). A process that is gone reads as zero. For
 * the whole machine, the busy and total ticks of all its cores ({@code /proc/stat}).
 */
final class ProcStat {

  private static final double TICKS_PER_SECOND = clockTicks();

  private ProcStat() {}

  /** CPU-seconds the process itself used (all its threads). */
  static double cpuSeconds(long pid) {
    long[] ticks = ticks(pid);
    return ticks == null ? 0 : (ticks[0] + ticks[1]) / TICKS_PER_SECOND;
  }

  /**
   * CPU-seconds of a process and of every child it has: the live ones as they are now, the ended
   * ones as far as it waited for them ({@code cutime}, {@code cstime}). PostgreSQL's postmaster
   * waits for every backend, so this is the whole server's CPU.
   */
  static double treeCpuSeconds(long pid) {
    long[] own = ticks(pid);
    if (own == null) {
      return 0;
    }
    double total = (own[0] + own[1] + own[2] + own[3]) / TICKS_PER_SECOND;
    List<ProcessHandle> children =
        ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of());
    for (ProcessHandle child : children) {
      total += cpuSeconds(child.pid());
    }
    return total;
  }

  /** The most memory the process has held resident since it started, in MiB. */
  static OptionalLong peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return OptionalLong.of(Math.round(kib / 1024.0));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Gone, or not Linux: unknown.
    }
    return OptionalLong.empty();
  }

  /**
   * The machine's CPU ticks since boot, all cores: the busy ones and all of them. Two readings give
   * how busy the machine was between them ({@link Machine#busyPercentSince}).
   */
  record Machine(long busy, long total) {

    /** The share of all cores that was busy since {@code earlier}, in percent; NaN if unknown. */
    double busyPercentSince(Machine earlier) {
      long ticks = total - earlier.total;
      return ticks <= 0 ? Double.NaN : 100.0 * (busy - earlier.busy) / ticks;
    }
  }

  /** The machine's ticks now; zeros when {@code /proc/stat} cannot be read (not Linux). */
  static Machine machine() {
    try {
      return machine(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException | RuntimeException e) {
      return new Machine(0, 0);
    }
  }

  /**
   * The first line of {@code /proc/stat}: {@code cpu user nice system idle iowait irq softirq steal
   * ...}. Idle and iowait are the idle ticks; guest time is counted in user already.
   */
  static Machine machine(String cpuLine) {
    String[] fields = cpuLine.trim().split("\\s+");
    if (!fields[0].equals("cpu")) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
    }
    long total = 0;
    for (int i = 1; i < Math.min(fields.length, 9); i++) {
      total += Long.parseLong(fields[i]);
    }
    long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
    return new Machine(total - idle, total);
  }

  /** utime, stime, cutime, cstime; null when the process is gone. */
  private static long[] ticks(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
    // The command name, in parentheses, may hold spaces: the fields start after its last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // fields[0] is the state (field 3 of proc(5)); utime is field 14.
    return new long[] {
      Long.parseLong(fields[11]),
      Long.parseLong(fields[12]),
      Long.parseLong(fields[13]),
      Long.parseLong(fields[14])
    };
  }

  private static double clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      getconf.waitFor();
      return Double.parseDouble(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
