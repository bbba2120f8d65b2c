package dev.outbox.service.http;

/** Thrown when no endpoint serves a path; answered with 404. */
public final class NotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** No resource at {@code path}. */
  public NotFoundException(String path) {
    super("no such resource: " + path);
  }
}
