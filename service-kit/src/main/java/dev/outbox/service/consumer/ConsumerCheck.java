package dev.outbox.service.consumer;

import dev.outbox.client.consume.ConsumerHealth;
import dev.outbox.client.consume.EventConsumer;
import dev.outbox.service.health.DownSince;
import dev.outbox.service.health.HealthCheck;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The {@code consumer} entry of {@code /health}, from {@link EventConsumer#health()}:
 *
 * <ul>
 *   <li>DOWN (the service cannot do its work, HTTP 503) while the consumer is not running: never
 *       started, closed, or its loop died;
 *   <li>DISCONNECTED while it runs but cannot reach Kafka: the service keeps answering from its
 *       view (that autonomy is the point of the pattern), so the report says DEGRADED (HTTP 200),
 *       with since when and how old the view's newest event is;
 *   <li>UP otherwise.
 * </ul>
 *
 * Its details name the consumer and its topics, when it last applied an event, the source time of
 * the newest one it applied ({@code newestEventAt}) and the view's age in seconds.
 */
public final class ConsumerCheck implements HealthCheck {

  private final EventConsumer consumer;
  private final Clock clock;
  private final DownSince downSince;

  public ConsumerCheck(EventConsumer consumer, Clock clock) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.downSince = new DownSince(clock);
  }

  @Override
  public Result check() {
    ConsumerHealth health = consumer.health();
    Instant now = clock.instant();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", consumer.name());
    details.put("topics", new TreeSet<>(consumer.topics()));
    if (health.lastAppliedAt() != null) {
      details.put("lastAppliedAt", health.lastAppliedAt());
    }
    if (health.newestEventAt() != null) {
      details.put("newestEventAt", health.newestEventAt());
    }
    health.viewAge(now).ifPresent(age -> details.put("viewAgeSeconds", age.toMillis() / 1000.0));
    if (!health.running()) {
      String why = health.reason() == null ? "" : " (" + health.reason() + ")";
      return Result.down(downSince.down(), "consumer " + consumer.name() + " is not running" + why)
          .withDetails(details);
    }
    downSince.up();
    if (!health.connected()) {
      String reason = health.reason() == null ? "Kafka does not answer" : health.reason();
      return Result.disconnected(health.disconnectedSince(), reason).withDetails(details);
    }
    return Result.up(details);
  }
}
