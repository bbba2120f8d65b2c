package dev.outbox.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README tables of settings, derived from the declarations. A document holds a group's table
 * between the markers {@code <!-- settings:<component> -->} and {@code <!-- /settings:<component>
 * -->}; {@link #differences} tells whether it is still what the declarations say, and {@link
 * #update} rewrites it.
 */
public final class SettingsDoc {

  private SettingsDoc() {}

  /** The table of a group: Variable | Default | Meaning, one row per setting and family. */
  public static String table(SettingGroup group) {
    StringBuilder table = new StringBuilder();
    table.append("| Variable | Default | Meaning |\n");
    table.append("|---|---|---|\n");
    for (Setting<?> setting : group.settings()) {
      table
          .append("| `")
          .append(setting.name())
          .append("` | ")
          .append(defaultCell(setting))
          .append(" | ")
          .append(cell(setting.meaning()))
          .append(" |\n");
    }
    for (Family family : group.families()) {
      table
          .append("| `")
          .append(family.name())
          .append("` | (none) | ")
          .append(cell(family.meaning()))
          .append(" |\n");
    }
    return table.toString();
  }

  /** Text outside backticks, where Markdown would read {@code <database>} as an HTML tag. */
  private static String cell(String text) {
    return text.replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String defaultCell(Setting<?> setting) {
    return switch (setting.presence()) {
      case REQUIRED -> "(required)";
      case OPTIONAL -> "(unset: " + cell(setting.defaultText()) + ")";
      case DEFAULTED -> "`" + setting.defaultText() + "`";
    };
  }

  /**
   * What differs between a document's table of {@code group} and its declarations.
   *
   * @return empty when the table is current; otherwise one line saying what to do
   */
  public static List<String> differences(String document, SettingGroup group) {
    List<String> differences = new ArrayList<>();
    Block block = find(document, group);
    if (block == null) {
      differences.add(
          "no table of "
              + group.component()
              + "'s settings: add the markers "
              + begin(group)
              + " and "
              + end(group)
              + " where it belongs");
      return differences;
    }
    String current = document.substring(block.start(), block.end()).strip();
    String expected = table(group).strip();
    if (!current.equals(expected)) {
      List<String> have = current.lines().toList();
      for (String row : expected.lines().toList()) {
        if (!have.contains(row)) {
          differences.add("missing or different: " + row);
        }
      }
      List<String> want = expected.lines().toList();
      for (String row : have) {
        if (!want.contains(row)) {
          differences.add("not declared (or different): " + row);
        }
      }
      if (differences.isEmpty()) {
        differences.add("the rows of " + group.component() + "'s table are out of order");
      }
    }
    return differences;
  }

  /** The system property that makes {@link #check} rewrite the document instead of comparing. */
  public static final String UPDATE_PROPERTY = "settings.update";

  /**
   * What differs between the table of {@code group} in a document file and its declarations, for a
   * test. With {@code -Dsettings.update=true} the file's table is first rewritten from the
   * declarations, so {@code ./mvnw test -Dsettings.update=true} brings every README up to date.
   */
  public static List<String> check(Path document, SettingGroup group) {
    try {
      String text = Files.readString(document, StandardCharsets.UTF_8);
      if (Boolean.getBoolean(UPDATE_PROPERTY) && find(text, group) != null) {
        String updated = update(text, group);
        if (!updated.equals(text)) {
          Files.writeString(document, updated, StandardCharsets.UTF_8);
          text = updated;
        }
      }
      List<String> differences = new ArrayList<>(differences(text, group));
      if (!differences.isEmpty()) {
        differences.add(
            "to rewrite it from the declarations: ./mvnw test -D" + UPDATE_PROPERTY + "=true");
      }
      return differences;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + document, e);
    }
  }

  /** The document with the table of each group rewritten from its declarations. */
  public static String update(String document, SettingGroup... groups) {
    String text = document;
    for (SettingGroup group : groups) {
      Block block = find(text, group);
      if (block == null) {
        throw new IllegalArgumentException(
            "the document has no markers " + begin(group) + " ... " + end(group));
      }
      text = text.substring(0, block.start()) + "\n" + table(group) + text.substring(block.end());
    }
    return text;
  }

  private record Block(int start, int end) {}

  private static Block find(String document, SettingGroup group) {
    int begin = document.indexOf(begin(group));
    if (begin < 0) {
      return null;
    }
    int start = begin + begin(group).length();
    int end = document.indexOf(end(group), start);
    return end < 0 ? null : new Block(start, end);
  }

  static String begin(SettingGroup group) {
    return "<!-- settings:" + group.component() + " -->";
  }

  static String end(SettingGroup group) {
    return "<!-- /settings:" + group.component() + " -->";
  }
}
