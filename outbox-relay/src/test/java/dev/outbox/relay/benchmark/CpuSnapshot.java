package dev.outbox.relay.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * CPU-seconds used so far by the relay, by the PostgreSQL walsender that decodes its slot, by this
 * JVM (the Kafka broker, the consumer that counts records, the writers), and by the whole machine
 * (busy and in all, summed over its cores), at one moment: two of them give who used the CPU
 * between them.
 */
record CpuSnapshot(double relay, double walsender, double benchmark, double busy, double total) {

  static CpuSnapshot take(ProcessCpu relay, ProcessCpu walsender, ProcessCpu benchmark) {
    double[] machine = machine();
    return new CpuSnapshot(
        relay.seconds(),
        walsender == null ? Double.NaN : walsender.seconds(),
        benchmark.seconds(),
        machine[0],
        machine[1]);
  }

  CpuSnapshot minus(CpuSnapshot earlier) {
    return new CpuSnapshot(
        relay - earlier.relay,
        walsender - earlier.walsender,
        benchmark - earlier.benchmark,
        busy - earlier.busy,
        total - earlier.total);
  }

  /** Busy and total CPU-seconds of the machine since boot ({@code /proc/stat}, ticks of 10 ms). */
  private static double[] machine() {
    try {
      String[] f = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy =
          Long.parseLong(f[1])
              + Long.parseLong(f[2])
              + Long.parseLong(f[3])
              + Long.parseLong(f[6])
              + Long.parseLong(f[7])
              + Long.parseLong(f[8]);
      long total = busy + Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new double[] {busy / 100.0, total / 100.0};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
