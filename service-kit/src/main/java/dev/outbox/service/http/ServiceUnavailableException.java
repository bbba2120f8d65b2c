package dev.outbox.service.http;

/**
 * Thrown when a dependency (the database) is away and the request changed nothing, so that the
 * client may simply try again; answered with 503.
 */
public final class ServiceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} is what the client reads; {@code cause} is logged, never sent. */
  public ServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
