package dev.outbox.service.http;

/** Thrown when a request body is larger than the limit; answered with 413. */
public final class PayloadTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A body above {@code limit} bytes. */
  public PayloadTooLargeException(long limit) {
    super("request body is larger than " + limit + " bytes");
  }
}
