package dev.outbox.cli.health;

/**
 * What a process of the platform says of itself on {@code GET /health}, or that it said nothing.
 */
public enum ProcessState {
  /** Everything it depends on works. */
  UP,
  /** It serves, but something it depends on does not work (an app whose consumer lost Kafka). */
  DEGRADED,
  /** It does not do its job. */
  DOWN,
  /** It did not answer (not running, or hung). */
  UNREACHABLE;

  /** Only {@link #UP} is healthy: DEGRADED counts as unhealthy. */
  public boolean healthy() {
    return this == UP;
  }
}
