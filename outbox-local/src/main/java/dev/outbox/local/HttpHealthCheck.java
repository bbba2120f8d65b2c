package dev.outbox.local;

import dev.outbox.cli.health.HealthClient;
import dev.outbox.cli.health.ProcessHealth;
import dev.outbox.cli.health.ProcessState;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A relay's or an app's {@code GET /health}: healthy only when it reports UP (an app that is
 * DEGRADED answers 200 but is not healthy); the problem names what it reports, such as {@code
 * database DOWN (Connection refused)}.
 */
final class HttpHealthCheck implements HealthCheck {

  private static final HealthClient CLIENT = new HealthClient(Duration.ofSeconds(2));

  private final String name;
  private final URI base;

  HttpHealthCheck(String name, URI base) {
    this.name = name;
    this.base = base;
  }

  @Override
  public Optional<String> problem() {
    ProcessHealth health = CLIENT.fetch(name, base);
    if (health.state() == ProcessState.UP) {
      return Optional.empty();
    }
    if (health.state() == ProcessState.UNREACHABLE) {
      return Optional.of("no answer on " + health.url() + " (" + health.reason() + ")");
    }
    return Optional.of(health.problem());
  }
}
