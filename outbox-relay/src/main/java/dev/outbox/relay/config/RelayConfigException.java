package dev.outbox.relay.config;

/** Thrown when an environment variable is missing or invalid; the message names the variable. */
public class RelayConfigException extends IllegalArgumentException {

  public RelayConfigException(String message) {
    super(message);
  }

  public RelayConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
