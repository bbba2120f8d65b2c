package dev.outbox.relay.health;

/** Whether this relay streams (holds the slot's lock) or waits to take over. */
public enum Role {
  ACTIVE,
  STANDBY;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
