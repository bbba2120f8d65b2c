package dev.outbox.stack;

/**
 * Thrown when the stack cannot start or is misconfigured. The message says what failed and, where
 * another stack would help, which {@code OUTBOX_STACK} to use instead.
 */
public class StackException extends RuntimeException {

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
