package dev.outbox.client.consume;

/** Thrown (by a handler or the runtime) when an event can never apply: parked after maxAttempts. */
public class PermanentEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PermanentEventException(String message) {
    super(message);
  }

  public PermanentEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
