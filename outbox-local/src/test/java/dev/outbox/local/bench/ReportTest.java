package dev.outbox.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static String print(Figures figures) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report.print(figures, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Figures scaled(List<Double> busy) {
    Figures figures = new Figures();
    figures.put("cores", 2);
    figures.put("scale_events", 100_000);
    figures.put("scale_instances", List.of(1, 2, 3));
    figures.put("scale_apply_eps", List.of(9_000.0, 9_900.0, 9_450.0), 0);
    figures.put("scale_ratio", List.of(1.0, 1.1, 1.05), 2);
    figures.put("scale_cpu_s_per_100k", List.of(5.0, 6.25, 7.5), 2);
    figures.put("scale_pg_cpu_s_per_100k", List.of(4.0, 4.5, 4.75), 2);
    figures.put("scale_machine_busy_pct", busy, 0);
    figures.put("scale_partitions", List.of("3", "2+1", "1+1+1"));
    return figures;
  }

  @Test
  void the_scaling_table_has_a_row_per_instance_count() {
    String report = print(scaled(List.of(80.0, 96.4, 99.0)));

    assertThat(report)
        .contains("consumer scaling: 100,000 events applied by N order-app processes")
        .containsPattern("instances +events/s +vs 1 +order-app CPU-s/100k +PostgreSQL CPU-s/100k")
        .containsPattern("\n1 +9,000 +1\\.00x +5\\.00 +4\\.00 +80% +3\n")
        .containsPattern("\n2 +9,900 +1\\.10x +6\\.25 +4\\.50 +96% +2\\+1\n")
        .containsPattern("\n3 +9,450 +1\\.05x +7\\.50 +4\\.75 +99% +1\\+1\\+1\n")
        .contains("90% busy or more with 2, 3 instance(s): its 2 cores were the bound");
  }

  @Test
  void a_machine_with_spare_cpu_is_not_called_the_bound() {
    String report = print(scaled(List.of(40.0, 60.0, 70.0)));

    assertThat(report).contains("below 90% busy in every pass: its cores were not the bound");
  }

  @Test
  void without_the_scaling_phase_there_is_no_scaling_table() {
    Figures figures = new Figures();
    figures.put("consumer_apply_eps", 9_000.0, 0);

    assertThat(print(figures)).doesNotContain("consumer scaling").contains("9,000 ev/s");
  }
}
