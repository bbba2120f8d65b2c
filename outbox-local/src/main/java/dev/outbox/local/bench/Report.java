package dev.outbox.local.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures as a table for people, each beside its target from issue 10 (a figure below its
 * target is reported, not a failure), then the scaling phase's table, one row per instance count,
 * with what bound it. A figure that was not measured shows as {@code -}.
 */
final class Report {

  private record Row(String figure, String value, String target) {}

  /** A machine busier than this over a pass had no core to spare: its cores were the bound. */
  static final double BUSY_BOUND = 90;

  private Report() {}

  static void print(Figures f, PrintStream out) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row("relay drain, first to last record", eps(f, "relay_drain_eps"), ">= 2x polling"));
    rows.add(new Row("  from process start", eps(f, "relay_drain_eps_from_start"), ""));
    rows.add(
        new Row(
            "  relay CPU per 100k events",
            seconds(f, "relay_cpu_s_per_100k")
                + " ("
                + seconds(f, "relay_cpu_s_per_100k_from_start")
                + " from start)",
            "<= polling's"));
    rows.add(
        new Row(
            "  relay peak RSS / heap",
            whole(f, "relay_peak_rss_mib") + " / " + whole(f, "relay_peak_heap_mib") + " MiB",
            "heap <= 256 MiB"));
    rows.add(new Row("polling drain, first to last record", eps(f, "polling_drain_eps"), ""));
    rows.add(new Row("  from process start", eps(f, "polling_drain_eps_from_start"), ""));
    rows.add(
        new Row(
            "  polling CPU per 100k events",
            seconds(f, "polling_cpu_s_per_100k")
                + " ("
                + seconds(f, "polling_cpu_s_per_100k_from_start")
                + " from start)",
            ""));
    rows.add(
        new Row(
            "  polling peak RSS / heap",
            whole(f, "polling_peak_rss_mib") + " / " + whole(f, "polling_peak_heap_mib") + " MiB",
            ""));
    rows.add(
        new Row(
            "relay / polling: drain rate, CPU per event",
            times(f, "relay_polling_drain_ratio") + ", " + times(f, "relay_polling_cpu_ratio"),
            ">= 2x, <= 1x"));
    rows.add(
        new Row(
            "PostgreSQL CPU per 100k: relay, polling",
            seconds(f, "relay_pg_cpu_s_per_100k") + ", " + seconds(f, "polling_pg_cpu_s_per_100k"),
            ""));
    rows.add(
        new Row(
            "consumer apply, default (batch " + whole(f, "consumer_apply_batch_size") + ")",
            eps(f, "consumer_apply_eps"),
            ">= 10,000 ev/s"));
    rows.add(
        new Row(
            "consumer apply, one event per transaction", eps(f, "consumer_apply_eps_single"), ""));
    rows.add(
        new Row("  default / one per transaction", times(f, "consumer_apply_ratio"), ">= 10x"));
    rows.add(
        new Row(
            "  order-app CPU per 100k: default, single",
            seconds(f, "consumer_cpu_s_per_100k")
                + ", "
                + seconds(f, "consumer_cpu_s_per_100k_single"),
            ""));
    rows.add(e2e(f, "", "p99 <= 100 ms"));
    rows.add(e2e(f, "_1000", "p99 <= 250 ms"));
    rows.add(
        new Row(
            "  relay CPU at each load",
            percent(f, "e2e_relay_cpu_pct") + ", " + percent(f, "e2e_relay_cpu_pct_1000"),
            ""));
    rows.add(
        new Row(
            "idle CPU: relay, order-app",
            percent(f, "relay_idle_cpu_pct") + ", " + percent(f, "consumer_idle_cpu_pct"),
            "relay <= 2%"));

    int width = rows.stream().mapToInt(r -> r.figure().length()).max().orElse(10) + 2;
    int valueWidth = rows.stream().mapToInt(r -> r.value().length()).max().orElse(10) + 2;
    out.println();
    out.printf(
        Locale.ROOT,
        "outbox bench: %s events, %s cores, load %s -> %s, PostgreSQL %s, %s s%n",
        whole(f, "events"),
        whole(f, "cores"),
        f.get("load_before"),
        f.get("load_after"),
        f.get("postgres"),
        whole(f, "duration_s"));
    out.printf(Locale.ROOT, "%-" + width + "s%-" + valueWidth + "s%s%n", "", "this run", "target");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          "%-" + width + "s%-" + valueWidth + "s%s%n",
          row.figure(),
          row.value(),
          row.target());
    }
    scaling(f, out);
  }

  /** The scaling phase's passes, when it ran. */
  private static void scaling(Figures f, PrintStream out) {
    List<?> instances = f.list("scale_instances");
    if (instances.isEmpty()) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "instances",
          "events/s",
          "vs 1",
          "order-app CPU-s/100k",
          "PostgreSQL CPU-s/100k",
          "machine busy",
          "partitions"
        });
    List<Integer> bound = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      double busy = element(f, "scale_machine_busy_pct", i);
      if (busy >= BUSY_BOUND) {
        bound.add(((Number) instances.get(i)).intValue());
      }
      rows.add(
          new String[] {
            String.valueOf(instances.get(i)),
            text(element(f, "scale_apply_eps", i), "%,.0f"),
            text(element(f, "scale_ratio", i), "%.2fx"),
            text(element(f, "scale_cpu_s_per_100k", i), "%.2f"),
            text(element(f, "scale_pg_cpu_s_per_100k", i), "%.2f"),
            text(busy, "%.0f%%"),
            i < f.list("scale_partitions").size()
                ? String.valueOf(f.list("scale_partitions").get(i))
                : "-"
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length() + 2);
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "consumer scaling: %s events applied by N order-app processes in one consumer group, on"
            + " %s cores%n",
        whole(f, "scale_events"),
        whole(f, "cores"));
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", row[c]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println(bound(f, bound));
  }

  /** What the machine's busy share says about the passes. */
  private static String bound(Figures f, List<Integer> boundCounts) {
    if (boundCounts.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "the machine was below %.0f%% busy in every pass: its cores were not the bound",
          BUSY_BOUND);
    }
    return String.format(
        Locale.ROOT,
        "the machine was %.0f%% busy or more with %s instance(s): its %s cores were the bound"
            + " there; more processes on this machine only share the same cores",
        BUSY_BOUND,
        boundCounts.stream()
            .map(String::valueOf)
            .collect(java.util.stream.Collectors.joining(", ")),
        whole(f, "cores"));
  }

  private static double element(Figures f, String name, int i) {
    List<?> values = f.list(name);
    return i < values.size() && values.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String text(double value, String pattern) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
  }

  private static Row e2e(Figures f, String suffix, String target) {
    return new Row(
        "end to end, "
            + whole(f, "e2e_offered_tx_s" + suffix)
            + " tx/s offered ("
            + whole(f, "e2e_rate_tx_s" + suffix)
            + " committed)",
        "p50 "
            + ms(f, "e2e_p50_ms" + suffix)
            + ", p99 "
            + ms(f, "e2e_p99_ms" + suffix)
            + ", max "
            + ms(f, "e2e_max_ms" + suffix),
        target);
  }

  private static String eps(Figures f, String name) {
    return format(f, name, "%,.0f ev/s");
  }

  private static String seconds(Figures f, String name) {
    return format(f, name, "%.2f s");
  }

  private static String ms(Figures f, String name) {
    return format(f, name, "%.1f ms");
  }

  private static String times(Figures f, String name) {
    return format(f, name, "%.2fx");
  }

  private static String percent(Figures f, String name) {
    return format(f, name, "%.1f%%");
  }

  private static String whole(Figures f, String name) {
    return format(f, name, "%,.0f");
  }

  /** A figure in {@code pattern}, or "-" when the run did not measure it. */
  private static String format(Figures f, String name, String pattern) {
    return text(f.number(name), pattern);
  }
}
