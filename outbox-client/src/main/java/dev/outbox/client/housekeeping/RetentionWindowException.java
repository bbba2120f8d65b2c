package dev.outbox.client.housekeeping;

import java.util.List;

/**
 * Thrown at start when the inbox retention is not longer than what a consumed topic and the relay
 * may still redeliver; the message names the setting, the topic and the values.
 */
public class RetentionWindowException extends RuntimeException {

  private final List<String> problems;

  RetentionWindowException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One sentence per topic whose window is too short. */
  public List<String> problems() {
    return problems;
  }
}
