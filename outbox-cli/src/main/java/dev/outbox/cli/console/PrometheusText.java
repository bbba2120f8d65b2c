package dev.outbox.cli.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of one Prometheus text exposition (what a relay's or app's {@code /metrics} answers,
 * format 0.0.4): each line {@code name{label="value",...} value [timestamp]}; comments and lines
 * that cannot be read are skipped.
 */
public final class PrometheusText {

  /** One sample: a metric's name, its labels and its value. */
  public record Series(String name, Map<String, String> labels, double value) {

    public Series {
      labels = Map.copyOf(labels);
    }

    public String label(String label) {
      return labels.get(label);
    }
  }

  private final List<Series> series;

  private PrometheusText(List<Series> series) {
    this.series = List.copyOf(series);
  }

  /** No sample at all (a process that did not answer). */
  public static PrometheusText empty() {
    return new PrometheusText(List.of());
  }

  public static PrometheusText parse(String text) {
    List<Series> series = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Series parsed = line(trimmed);
      if (parsed != null) {
        series.add(parsed);
      }
    }
    return new PrometheusText(series);
  }

  public List<Series> series() {
    return series;
  }

  /** The samples of metric {@code name} whose labels pass {@code labels}. */
  public List<Series> of(String name, Predicate<Series> labels) {
    return series.stream().filter(s -> s.name().equals(name) && labels.test(s)).toList();
  }

  /** The sum of those samples; {@code null} when there is none. */
  public Double sum(String name, Predicate<Series> labels) {
    List<Series> matching = of(name, labels);
    return matching.isEmpty() ? null : matching.stream().mapToDouble(Series::value).sum();
  }

  /** The distinct values of {@code label} among the samples of {@code name}. */
  public List<String> labelValues(String name, String label) {
    return series.stream()
        .filter(s -> s.name().equals(name) && s.label(label) != null)
        .map(s -> s.label(label))
        .distinct()
        .toList();
  }

  private static Series line(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int end = labels(line, brace + 1, labels);
      if (end < 0) {
        return null;
      }
      rest = end + 1;
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] values = line.substring(rest).strip().split("\\s+");
    if (values.length == 0 || values[0].isEmpty()) {
      return null;
    }
    Double value = number(values[0]);
    return value == null ? null : new Series(name, labels, value);
  }

  /** Reads {@code a="x",b="y"} from {@code from}; the index of the closing brace, -1 if none. */
  private static int labels(String line, int from, Map<String, String> labels) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '}') {
        return i;
      }
      if (c == ',' || c == ' ') {
        i++;
        continue;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < line.length(); j++) {
        char v = line.charAt(j);
        if (v == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else if (v == '"') {
          break;
        } else {
          value.append(v);
        }
      }
      if (j >= line.length()) {
        return -1;
      }
      labels.put(key, value.toString());
      i = j + 1;
    }
    return -1;
  }

  private static Double number(String text) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }
}
