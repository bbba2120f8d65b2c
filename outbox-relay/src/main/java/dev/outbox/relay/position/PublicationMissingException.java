package dev.outbox.relay.position;

import dev.outbox.relay.UnrecoverableException;

/**
 * Thrown when the publication is missing or does not publish the outbox, and the relay's role may
 * not fix it; the message carries the SQL a DBA must run.
 */
public class PublicationMissingException extends UnrecoverableException {

  public PublicationMissingException(String message) {
    super(message);
  }
}
