package dev.outbox.service.http;

/**
 * Thrown by a handler when a dependency is away and the request may simply be repeated; answered
 * with 503 and {@code Retry-After}. Failures that an {@link Unavailability} recognises need not be
 * wrapped in it.
 */
public final class ServiceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} is what the client reads; {@code cause} is logged, never sent. */
  public ServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
