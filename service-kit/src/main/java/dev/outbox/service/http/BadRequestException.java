package dev.outbox.service.http;

/** Thrown while reading a request that is malformed or invalid; answered with 400. */
public final class BadRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong, naming the field. */
  public BadRequestException(String message) {
    super(message);
  }
}
