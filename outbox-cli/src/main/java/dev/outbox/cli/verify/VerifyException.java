package dev.outbox.cli.verify;

/**
 * Thrown when verify cannot compare at all (a database unreachable or unreadable, a declaration
 * that names no view): not a difference. Its message says what failed and what to do; the command
 * exits 2 with it.
 */
public class VerifyException extends RuntimeException {

  public VerifyException(String message) {
    super(message);
  }

  public VerifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
