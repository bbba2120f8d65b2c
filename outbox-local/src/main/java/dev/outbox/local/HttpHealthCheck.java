package dev.outbox.local;

import dev.outbox.cli.health.HealthClient;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.ProcessState;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A relay's or an app's {@code GET /health}: healthy only when it reports UP (an app that is
 * DEGRADED answers 200 but is not healthy), or, once the run has standby relays, when a relay is a
 * standby ready to take over (it answers 503 with role {@code standby}); the problem names what it
 * reports, such as {@code database DOWN (Connection refused)}.
 */
final class HttpHealthCheck implements HealthCheck {

  private static final HealthClient CLIENT = new HealthClient(Duration.ofSeconds(2));

  private final String name;
  private final URI base;
  private final BooleanSupplier standbyCounts;

  /**
   * @param standbyCounts whether a ready standby counts as healthy now: either relay of a pair may
   *     be the standby (after a failover the restarted one is), but before the standbys run a relay
   *     that is not active is not healthy
   */
  HttpHealthCheck(String name, URI base, BooleanSupplier standbyCounts) {
    this.name = name;
    this.base = base;
    this.standbyCounts = standbyCounts;
  }

  @Override
  public Optional<String> problem() {
    ProcessHealth health = CLIENT.fetch(name, base);
    if (health.state() == ProcessState.UP
        || (health.standbyReady() && standbyCounts.getAsBoolean())) {
      return Optional.empty();
    }
    if (health.state() == ProcessState.UNREACHABLE) {
      return Optional.of("no answer on " + health.url() + " (" + health.reason() + ")");
    }
    return Optional.of(health.problem());
  }
}
