package dev.outbox.stack;

/**
 * Stops and starts one server of a stack in place (same port, same data), for tests of what happens
 * while it is away. Only the embedded stack offers it.
 */
public interface ServerControl {

  /** Stops the server; its data stays. */
  void stop();

  /** Starts it again on the same port with the same data, and waits until it answers. */
  void start();

  /** Whether the server is running. */
  boolean isRunning();
}
