package dev.outbox.relay.position;

import dev.outbox.relay.UnrecoverableException;

/**
 * Thrown when the replication slot cannot continue from the stored position (it is missing, or has
 * moved past it): streaming on would skip events, so the relay stops instead.
 */
public class SlotStateException extends UnrecoverableException {

  public SlotStateException(String message) {
    super(message);
  }
}
