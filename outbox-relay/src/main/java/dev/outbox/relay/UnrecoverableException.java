package dev.outbox.relay;

/**
 * Thrown when the relay stops on a condition that no restart can fix (its slot cannot continue, the
 * publication is missing, a topic it may not create or write); the message says what an operator
 * must do. The process exits with status 3 and that message, so that a supervisor stops restarting
 * it.
 */
public class UnrecoverableException extends RuntimeException {

  public UnrecoverableException(String message) {
    super(message);
  }
}
