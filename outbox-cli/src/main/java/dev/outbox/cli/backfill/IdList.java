package dev.outbox.cli.backfill;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code --ids} of a backfill: aggregate ids separated by commas, each trimmed, none empty and
 * none holding a control character; a repeated id counts once.
 *
 * @param ids the distinct ids in the order given
 * @param duplicates how many repeated ids were dropped
 */
record IdList(List<String> ids, int duplicates) {

  IdList {
    ids = List.copyOf(ids);
  }

  /**
   * Reads the option's text.
   *
   * @throws IllegalArgumentException saying what is wrong and where, for an empty list, an empty id
   *     (two commas in a row, a trailing comma) or an id with a control character
   */
  static IdList parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "--ids is empty: give aggregate ids separated by commas, or leave --ids out for all");
    }
    String[] parts = text.split(",", -1);
    Set<String> distinct = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String id = parts[i].strip();
      if (id.isEmpty()) {
        problems.add("id " + (i + 1) + " of " + parts.length + " is empty");
      } else if (id.chars().anyMatch(Character::isISOControl)) {
        problems.add("id " + (i + 1) + " holds a control character");
      } else {
        distinct.add(id);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "--ids '" + printable(text) + "' is not a list of ids: " + String.join("; ", problems));
    }
    return new IdList(new ArrayList<>(distinct), parts.length - distinct.size());
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
