package dev.outbox.cli.status;

import dev.outbox.cli.health.ConsumerAssignment;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.status.RunProcesses.Kind;
import dev.outbox.cli.status.RunProcesses.RunProcess;
import java.util.Optional;

/**
 * One process status asked, and what it answered.
 *
 * @param process who it is: an app instance or a relay, of which database
 * @param health its answer on {@code /health}
 */
public record ProcessStatus(RunProcess process, ProcessHealth health) {

  public boolean relay() {
    return process.kind() == Kind.RELAY;
  }

  /**
   * Whether it does its job: UP, or a relay that is a standby ready to take over (which answers
   * DOWN because it does not stream).
   */
  public boolean healthy() {
    return health.state().healthy() || (relay() && health.standbyReady());
  }

  /** A relay's role from its {@code /health} ({@code active}, {@code standby}); empty else. */
  public Optional<String> role() {
    return relay() ? health.role() : Optional.empty();
  }

  /** An app's partitions from its {@code /health}; empty for a relay or when not reported. */
  public Optional<ConsumerAssignment> assignment() {
    return relay() ? Optional.empty() : ConsumerAssignment.of(health);
  }
}
