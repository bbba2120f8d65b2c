package dev.outbox.customer.benchmark;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CPU went over a phase, from {@code /proc} (Linux): the whole machine's busy share
 * (every process, whatever else runs on it), this JVM's CPU time (the app, the in-JVM Kafka broker
 * and the load generator) and the stack's PostgreSQL (its postmaster, its live processes and those
 * that exited meanwhile, which the postmaster's children times count).
 */
final class CpuMeter {

  /** CPU times at one instant; the fields are -1 where {@code /proc} could not be read. */
  record Sample(long machineTotal, long machineIdle, long jvmNanos, long postgresTicks) {}

  /** What a phase used, between two samples. */
  record Use(double machineBusy, double jvmSeconds, double postgresSeconds) {}

  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  // Indexes in the fields after the command name of /proc/<pid>/stat, which start with the state
  // (field 3 of proc(5)): field n is at n - 3.
  private static final int PPID = 4 - 3;
  private static final int UTIME = 14 - 3;
  private static final int STIME = 15 - 3;
  private static final int CUTIME = 16 - 3;
  private static final int CSTIME = 17 - 3;

  private final long postmaster;

  /** A meter of the PostgreSQL whose postmaster has process id {@code postmaster}. */
  CpuMeter(long postmaster) {
    this.postmaster = postmaster;
  }

  Sample sample() {
    long[] machine = machine();
    long jvm =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    return new Sample(machine[0], machine[1], jvm, postgres());
  }

  Use since(Sample start) {
    Sample end = sample();
    long total = end.machineTotal() - start.machineTotal();
    long idle = end.machineIdle() - start.machineIdle();
    return new Use(
        start.machineTotal() < 0 || total <= 0 ? Double.NaN : (double) (total - idle) / total,
        (end.jvmNanos() - start.jvmNanos()) / 1e9,
        start.postgresTicks() < 0 || end.postgresTicks() < 0
            ? Double.NaN
            : (end.postgresTicks() - start.postgresTicks()) / TICKS_PER_SECOND);
  }

  /** {total, idle + iowait} jiffies of all CPUs. */
  private static long[] machine() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      // cpu user nice system idle iowait irq softirq steal (guest time is inside user)
      for (int i = 1; i <= 8 && i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** Ticks of the postmaster, its exited children and its live children. */
  private long postgres() {
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      long ticks = 0;
      for (Path process : processes) {
        String[] stat = stat(process);
        if (stat == null) {
          continue;
        }
        long pid = Long.parseLong(process.getFileName().toString());
        if (pid == postmaster) {
          ticks += sum(stat, UTIME, STIME, CUTIME, CSTIME);
        } else if (Long.parseLong(stat[PPID]) == postmaster) {
          ticks += sum(stat, UTIME, STIME);
        }
      }
      return ticks;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The fields of {@code /proc/<pid>/stat} after the command name; null for a process gone. */
  private static String[] stat(Path process) {
    String text;
    try {
      text = Files.readString(process.resolve("stat"));
    } catch (IOException e) {
      return null;
    }
    return text.substring(text.lastIndexOf(')') + 2).trim().split("\\s+");
  }

  private static long sum(String[] stat, int... indexes) {
    long sum = 0;
    for (int i : indexes) {
      sum += Long.parseLong(stat[i]);
    }
    return sum;
  }
}
