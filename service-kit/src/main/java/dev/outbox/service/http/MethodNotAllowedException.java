package dev.outbox.service.http;

/** Thrown when a path does not accept the request's method; answered with 405 and {@code Allow}. */
public final class MethodNotAllowedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String allowed;

  /** {@code method} was sent; {@code allowed} lists the accepted ones, such as "GET, PUT". */
  public MethodNotAllowedException(String method, String allowed) {
    super("method " + method + " is not allowed here; allowed: " + allowed);
    this.allowed = allowed;
  }

  /** The value of the {@code Allow} header. */
  public String allowed() {
    return allowed;
  }
}
