package dev.outbox.client.write;

/**
 * Thrown when an event cannot be appended: outside a transaction, unregistered type, bad payload.
 */
public class OutboxAppendException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OutboxAppendException(String message) {
    super(message);
  }

  public OutboxAppendException(String message, Throwable cause) {
    super(message, cause);
  }
}
