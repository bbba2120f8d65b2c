package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void this_jvm_has_used_cpu_and_memory() {
    long self = ProcessHandle.current().pid();
    double before = ProcStat.cpuSeconds(self);
    long spin = System.nanoTime() + 300_000_000L;
    long sink = 0;
    while (System.nanoTime() < spin) {
      sink += System.nanoTime() % 7;
    }

    assertThat(sink).isNotNegative();
    assertThat(ProcStat.cpuSeconds(self)).isGreaterThan(before);
    double own = ProcStat.cpuSeconds(self);
    assertThat(ProcStat.treeCpuSeconds(self)).isGreaterThanOrEqualTo(own);
    assertThat(ProcStat.peakRssMib(self)).isPresent();
    assertThat(ProcStat.peakRssMib(self).getAsLong()).isPositive();
  }

  @Test
  void a_process_that_is_gone_reads_as_nothing() {
    long gone = Long.MAX_VALUE;

    assertThat(ProcStat.cpuSeconds(gone)).isZero();
    assertThat(ProcStat.treeCpuSeconds(gone)).isZero();
    assertThat(ProcStat.peakRssMib(gone)).isEmpty();
  }
}
