package dev.outbox.service.http;

import java.io.IOException;

/**
 * Serves the requests of one route: returns the answer, or throws one of this package's exceptions.
 */
@FunctionalInterface
public interface Handler {

  /**
   * @throws IOException when the request body cannot be read
   */
  Response handle(Request request) throws IOException;
}
