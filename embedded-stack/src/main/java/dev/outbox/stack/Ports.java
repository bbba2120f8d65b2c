package dev.outbox.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finding free loopback ports and checking that a fixed one is free. */
final class Ports {

  static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /** A port that was free a moment ago. */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StackException("Could not find a free port on " + LOOPBACK, e);
    }
  }

  /** The port itself, or a free one when it is 0. */
  static int resolve(int port) {
    return port == 0 ? free() : port;
  }

  /**
   * @throws StackException when something already listens on the port
   */
  static void requireFree(int port, String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
    } catch (IOException e) {
      throw new StackException(
          what
              + " cannot start: port "
              + LOOPBACK
              + ":"
              + port
              + " is already in use. Stop what listens there (an earlier run?), or use"
              + " OUTBOX_STACK=external with servers of your own.");
    }
  }
}
