package dev.outbox.local;

/**
 * A run that cannot start as asked, and will not start by trying again: {@code up} reports it and
 * exits 2, as every component does on a configuration error.
 */
final class RunConfigurationException extends RuntimeException {

  RunConfigurationException(String message) {
    super(message);
  }
}
