package dev.outbox.service.http;

/** Thrown when a resource is not in a state that allows the request; answered with 409. */
public final class ConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} says which state the resource is in. */
  public ConflictException(String message) {
    super(message);
  }
}
