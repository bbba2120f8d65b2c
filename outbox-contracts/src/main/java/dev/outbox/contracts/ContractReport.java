package dev.outbox.contracts;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ContractCheck} found in a contracts folder: per event type its versions, its rule and
 * its problems, then the problems of no one type (a rule naming no type, an event file without a
 * schema). {@link #text()} is the report for a terminal.
 */
public final class ContractReport {

  /**
   * One problem.
   *
   * @param where the version ({@code v2}), the example ({@code v2 example 1}), the pair and its
   *     direction ({@code v2 cannot read v1}: a reader of v2 cannot read every event of v1) or the
   *     file ({@code events/customer/CustomerUpdated.json}, {@code compatibility.json})
   * @param path the JSON path of the value concerned, e.g. {@code $.customer.address}; empty when
   *     the problem is the whole file's
   * @param message what is wrong, in words
   */
  public record Finding(String where, String path, String message) {

    @Override
    public String toString() {
      return where + "  " + (path.isEmpty() ? "" : path + ": ") + message;
    }
  }

  /**
   * One event type.
   *
   * @param typeName {@code <aggregate>/<EventType>}, as {@code compatibility.json} names it
   * @param versions its schema versions, in order
   * @param rule the rule consecutive versions keep
   * @param findings its problems, empty when it passes
   */
  public record TypeResult(
      String typeName, List<Integer> versions, Compatibility rule, List<Finding> findings) {

    public TypeResult {
      versions = List.copyOf(versions);
      findings = List.copyOf(findings);
    }

    public boolean passed() {
      return findings.isEmpty();
    }

    /** {@code v1}, or {@code v1..v3}. */
    public String versionRange() {
      if (versions.isEmpty()) {
        return "-";
      }
      int first = versions.get(0);
      int last = versions.get(versions.size() - 1);
      return first == last ? "v" + first : "v" + first + "..v" + last;
    }
  }

  private final List<TypeResult> types;
  private final List<Finding> others;
  private final int schemas;
  private final int examples;
  private final int events;
  private final String rulesFile;

  ContractReport(
      List<TypeResult> types,
      List<Finding> others,
      int schemas,
      int examples,
      int events,
      String rulesFile) {
    this.types = List.copyOf(types);
    this.others = List.copyOf(others);
    this.schemas = schemas;
    this.examples = examples;
    this.events = events;
    this.rulesFile = rulesFile;
  }

  /** Every event type of the folder, by name. */
  public List<TypeResult> types() {
    return types;
  }

  /** One type's result, by {@code <aggregate>/<EventType>}. */
  public Optional<TypeResult> type(String typeName) {
    return types.stream().filter(t -> t.typeName().equals(typeName)).findFirst();
  }

  /** The problems of no one type: rules naming no type, event files without a schema, ... */
  public List<Finding> others() {
    return others;
  }

  /** How many problems, in all. */
  public int problems() {
    return others.size() + types.stream().mapToInt(t -> t.findings().size()).sum();
  }

  /** Whether every schema is valid, every example and event file too, and every rule kept. */
  public boolean passed() {
    return problems() == 0;
  }

  /**
   * The report for a terminal: one line per type ({@code customer/CustomerUpdated v1..v2 FULL ok}),
   * each problem indented below it, the problems of no one type, and a last line with the totals or
   * what to do.
   */
  public String text() {
    int nameWidth = types.stream().mapToInt(t -> t.typeName().length()).max().orElse(0);
    int rangeWidth = types.stream().mapToInt(t -> t.versionRange().length()).max().orElse(0);
    int ruleWidth = types.stream().mapToInt(t -> t.rule().name().length()).max().orElse(0);
    var text = new StringBuilder();
    for (TypeResult type : types) {
      text.append(pad(type.typeName(), nameWidth))
          .append("  ")
          .append(pad(type.versionRange(), rangeWidth))
          .append("  ")
          .append(pad(type.rule().name(), ruleWidth))
          .append("  ")
          .append(type.passed() ? "ok" : count(type.findings().size(), "problem"))
          .append('\n');
      for (Finding finding : type.findings()) {
        text.append("    ").append(finding).append('\n');
      }
    }
    for (Finding finding : others) {
      text.append(finding).append('\n');
    }
    if (passed()) {
      text.append(count(types.size(), "event type"))
          .append(", ")
          .append(count(schemas, "schema"))
          .append(", ")
          .append(count(examples, "schema example"))
          .append(", ")
          .append(count(events, "event file"))
          .append(": all valid and compatible");
    } else {
      long failing = types.stream().filter(t -> !t.passed()).count();
      int inTypes = problems() - others.size();
      text.append(count(problems(), "problem"));
      if (failing > 0) {
        text.append(others.isEmpty() ? " in " : ", " + inTypes + " of them in ")
            .append(count((int) failing, "event type"));
      }
      text.append(": fix the schema or change the rule in ").append(rulesFile);
    }
    return text.append('\n').toString();
  }

  @Override
  public String toString() {
    return text();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
