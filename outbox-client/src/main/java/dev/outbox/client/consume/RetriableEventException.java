package dev.outbox.client.consume;

/**
 * Thrown (by a handler or the runtime) when an event may apply later: retried with backoff, never
 * parked.
 */
public class RetriableEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RetriableEventException(String message) {
    super(message);
  }

  public RetriableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
