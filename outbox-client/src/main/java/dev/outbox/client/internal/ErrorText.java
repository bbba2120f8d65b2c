package dev.outbox.client.internal;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The text of a failure as stored in {@code dead_letter.error}: each cause, outermost first. Not
 * API.
 */
public final class ErrorText {

  private static final int MAX_LENGTH = 4000;

  private ErrorText() {}

  /** {@code Type: message <- caused by Type: message ...}, at most 4000 characters. */
  public static String of(Throwable failure) {
    var text = new StringBuilder();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(" <- caused by ");
      }
      text.append(t.getClass().getName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    return text.length() <= MAX_LENGTH ? text.toString() : text.substring(0, MAX_LENGTH);
  }
}
