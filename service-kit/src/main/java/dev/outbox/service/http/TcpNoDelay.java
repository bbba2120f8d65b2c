package dev.outbox.service.http;

import java.util.Properties;

/**
 * Turns Nagle's algorithm off on the connections that the JDK's HTTP server accepts, unless the JVM
 * was told otherwise.
 *
 * <p>Why: the JDK 17 server sends a response in two writes, the headers (flushed on their own) and
 * then the body. With Nagle's algorithm on, the body waits until the client acknowledges the
 * headers, and the client delays that acknowledgement (about 40 ms on Linux). A new connection
 * hides it (its first segments are acknowledged at once); every later request on a kept-alive
 * connection, so every request of a client with a connection pool, paid about 40 ms for it.
 *
 * <p>The server has no API for its sockets' options: it sets {@code TCP_NODELAY} on each accepted
 * connection when the system property {@value #PROPERTY} is {@code true} ({@code
 * Boolean.getBoolean}), and reads that property once, when its configuration class initialises,
 * which is when the first server of the JVM is created. So {@link #defaultOn} must run before that;
 * {@link HttpService} calls it before it creates its server. A value already set (on the command
 * line, or by the app itself, {@code false} included) is left as it is.
 */
final class TcpNoDelay {

  /** The JDK server's switch for {@code TCP_NODELAY} on accepted connections. */
  static final String PROPERTY = "sun.net.httpserver.nodelay";

  private TcpNoDelay() {}

  /**
   * Sets {@value #PROPERTY} to {@code true} in {@code properties} unless it is set already.
   *
   * @return whether the server will turn Nagle's algorithm off: the value now in effect, as the JDK
   *     reads it
   */
  static boolean defaultOn(Properties properties) {
    // putIfAbsent is atomic on Properties: two services starting at once agree on one value.
    Object before = properties.putIfAbsent(PROPERTY, "true");
    return before == null || Boolean.parseBoolean(before.toString());
  }
}
