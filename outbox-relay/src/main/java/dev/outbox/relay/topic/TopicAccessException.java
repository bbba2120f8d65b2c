package dev.outbox.relay.topic;

import dev.outbox.relay.UnrecoverableException;

/**
 * Thrown when the relay may not use a topic: it is missing and the relay may not create it ({@code
 * RELAY_TOPIC_CREATE=never}, or the broker refuses), or the relay's principal may not write to it.
 * The message names the topic and says what to do.
 */
public class TopicAccessException extends UnrecoverableException {

  public TopicAccessException(String message) {
    super(message);
  }
}
