package dev.outbox.local;

import java.util.Optional;

/** Asks one process whether it does its job now. */
@FunctionalInterface
public interface HealthCheck {

  /** Why the process is not healthy now, in one line; empty when it is. */
  Optional<String> problem();
}
