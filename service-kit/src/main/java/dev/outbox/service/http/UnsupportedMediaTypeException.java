package dev.outbox.service.http;

/** Thrown when a request body is not declared as JSON in UTF-8; answered with 415. */
public final class UnsupportedMediaTypeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} names the header and what it was. */
  public UnsupportedMediaTypeException(String message) {
    super(message);
  }
}
