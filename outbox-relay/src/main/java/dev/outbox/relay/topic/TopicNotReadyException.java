package dev.outbox.relay.topic;

/**
 * Thrown when a topic could not be checked (the cluster does not answer) or is not ready yet (a
 * partition without a leader): the send waits and asks again.
 */
public class TopicNotReadyException extends RuntimeException {

  public TopicNotReadyException(String message, Throwable cause) {
    super(message, cause);
  }
}
