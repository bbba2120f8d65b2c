package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
  void the_machine_is_busy_for_every_tick_but_idle_and_iowait() {
    ProcStat.Machine before = ProcStat.machine("cpu  1000 10 500 8000 100 0 40 0 0 0");
    ProcStat.Machine after = ProcStat.machine("cpu  1900 10 600 8400 200 0 50 0 0 0");

    assertThat(before.total()).isEqualTo(9650);
    assertThat(before.busy()).isEqualTo(1550);
    // 1,010 busy ticks of 1,510: 900 user, 100 system, 10 softirq; the other 500 idle or iowait.
    assertThat(after.busyPercentSince(before)).isCloseTo(1010 * 100.0 / 1510, within(1e-9));
    assertThat(after.busyPercentSince(after)).isNaN();
    assertThatThrownBy(() -> ProcStat.machine("cpu0 1 2 3 4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void this_machine_counts_ticks() {
    ProcStat.Machine now = ProcStat.machine();

    assertThat(now.total()).isPositive();
    assertThat(now.busy()).isBetween(0L, now.total());
  }

  @Test
  void a_process_that_is_gone_reads_as_nothing() {
    long gone = Long.MAX_VALUE;

    assertThat(ProcStat.cpuSeconds(gone)).isZero();
    assertThat(ProcStat.treeCpuSeconds(gone)).isZero();
    assertThat(ProcStat.peakRssMib(gone)).isEmpty();
  }
}
