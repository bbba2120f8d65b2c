package dev.outbox.config;

import java.util.List;

/**
 * Thrown when a component's settings cannot be read: unknown variables of its prefix, missing
 * required ones, bad values. It carries every problem at once, each a sentence naming its variable.
 */
public final class ConfigException extends IllegalArgumentException {

  private final transient List<String> problems;

  public ConfigException(String component, List<String> problems) {
    super(message(component, problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, naming its variable. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String component, List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    StringBuilder text =
        new StringBuilder(component)
            .append(" has ")
            .append(problems.size())
            .append(" bad settings:");
    problems.forEach(p -> text.append("\n  - ").append(p));
    return text.toString();
  }
}
