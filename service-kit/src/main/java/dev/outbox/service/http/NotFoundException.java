package dev.outbox.service.http;

/** Thrown when there is no resource at a path; answered with 404. */
public final class NotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} says what does not exist, such as "dead letter 7 of consumer x". */
  public NotFoundException(String message) {
    super(message);
  }
}
