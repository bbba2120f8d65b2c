package dev.outbox.service.consumer;

import dev.outbox.client.consume.ConsumerHealth;
import dev.outbox.client.consume.EventConsumer;
import dev.outbox.service.health.DownSince;
import dev.outbox.service.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

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
 * Its details name the consumer and its topics, the partitions it holds ({@code partitions}: {@code
 * "<topic>-<partition>"} by topic and partition number, {@code []} while it holds none) and since
 * when ({@code assignedAt}, once it joined its group), when it last applied an event, the source
 * time of the newest one it applied ({@code newestEventAt}), the view's age in seconds and its
 * freshness objective in seconds ({@code freshnessObjectiveSeconds}: the most an event should take
 * from its source commit until the view shows it, which its meters count events against). A
 * consumer that runs and reaches Kafka but holds no partition is UP: an instance of a group with
 * more instances than partitions is idle until another one leaves, and its {@code "partitions": []}
 * says so.
 */
public final class ConsumerCheck implements HealthCheck {

  private final String name;
  private final List<String> topics;
  private final Supplier<ConsumerHealth> health;
  private final Duration freshnessObjective;
  private final Clock clock;
  private final DownSince downSince;

  public ConsumerCheck(EventConsumer consumer, Clock clock) {
    this(
        Objects.requireNonNull(consumer, "consumer").name(),
        consumer.topics(),
        consumer::health,
        consumer.freshnessObjective(),
        clock);
  }

  /** The check of a consumer seen through its name, topics and health (tests fake the health). */
  ConsumerCheck(
      String name,
      Set<String> topics,
      Supplier<ConsumerHealth> health,
      Duration freshnessObjective,
      Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.topics = List.copyOf(new TreeSet<>(topics));
    this.health = Objects.requireNonNull(health, "health");
    this.freshnessObjective = Objects.requireNonNull(freshnessObjective, "freshnessObjective");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.downSince = new DownSince(clock);
  }

  @Override
  public Result check() {
    ConsumerHealth health = this.health.get();
    Instant now = clock.instant();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("topics", topics);
    details.put("partitions", health.partitions());
    if (health.assignedAt() != null) {
      details.put("assignedAt", health.assignedAt());
    }
    if (health.lastAppliedAt() != null) {
      details.put("lastAppliedAt", health.lastAppliedAt());
    }
    if (health.newestEventAt() != null) {
      details.put("newestEventAt", health.newestEventAt());
    }
    health.viewAge(now).ifPresent(age -> details.put("viewAgeSeconds", age.toMillis() / 1000.0));
    details.put("freshnessObjectiveSeconds", freshnessObjective.toMillis() / 1000.0);
    if (!health.running()) {
      String why = health.reason() == null ? "" : " (" + health.reason() + ")";
      return Result.down(downSince.down(), "consumer " + name + " is not running" + why)
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
