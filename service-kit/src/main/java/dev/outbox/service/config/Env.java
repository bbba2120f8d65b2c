package dev.outbox.service.config;

import java.util.Map;

/** Typed settings read from environment variables; every error names the variable. */
public final class Env {

  private final Map<String, String> env;

  /** Reads from a copy of {@code env} (usually {@code System.getenv()}). */
  public Env(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The trimmed value of {@code name}, or {@code defaultValue} when it is unset or blank. */
  public String string(String name, String defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return value.trim();
  }

  /**
   * The whole number in {@code name}, or {@code defaultValue} when it is unset or blank.
   *
   * @throws IllegalArgumentException naming the variable when it is not a whole number
   */
  public int integer(String name, int defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }
}
