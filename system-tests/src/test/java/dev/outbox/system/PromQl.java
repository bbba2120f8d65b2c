package dev.outbox.system;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, by a small tokenizer rather than a parser: string
 * literals, label matchers ({@code {...}}), ranges ({@code [5m]}), the label lists of {@code by},
 * {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, and
 * Grafana's variables go first; of the identifiers left, a function or aggregation (followed by
 * {@code (}), a keyword or a number is not a metric, and everything else is. Enough for the rules
 * and dashboards of {@code deploy/}, which {@link PromQlTest} holds it to.
 */
final class PromQl {

  private PromQl() {}

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern TOKEN =
      Pattern.compile("[0-9.](?:[eE][+-]?|[0-9a-zA-Z_.])*|[a-zA-Z_:][\\w:]*");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\(\\s*(.+?)\\s*,\\s*\\w+\\s*\\)\\s*$");

  /** Keywords and operators that are words; functions are told by the parenthesis after them. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "atan2",
          // Aggregations may put a clause between their name and the parenthesis.
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  /** The metric names {@code expr} reads, sorted. */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = LABEL_LIST.matcher(s).replaceAll(" ");
    s = GRAFANA_VARIABLE.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher token = TOKEN.matcher(s);
    while (token.find()) {
      String word = token.group();
      if (Character.isDigit(word.charAt(0)) || word.charAt(0) == '.') {
        continue;
      }
      if (KEYWORDS.contains(word.toLowerCase(Locale.ROOT)) || calledAt(s, token.end())) {
        continue;
      }
      names.add(word);
    }
    return names;
  }

  /**
   * The metric names a Grafana template query reads: {@code label_values(selector, label)} reads
   * the selector's; any other query is PromQL.
   */
  static Set<String> templateMetricNames(String query) {
    Matcher m = LABEL_VALUES.matcher(query);
    return metricNames(m.matches() ? m.group(1) : query);
  }

  private static boolean calledAt(String s, int end) {
    int i = end;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '(';
  }
}
