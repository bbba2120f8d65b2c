package dev.outbox.service.consumer;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.service.health.DownSince;
import dev.outbox.service.health.HealthCheck;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The {@code consumer} entry of {@code /health}: DOWN (the service cannot do its work) while the
 * consumer is not running: never started, closed, or its loop died. Its details name the consumer
 * and its topics. The service runtime takes any other {@link HealthCheck} in its place.
 */
public final class ConsumerCheck implements HealthCheck {

  private final EventConsumer consumer;
  private final DownSince downSince;

  public ConsumerCheck(EventConsumer consumer, Clock clock) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.downSince = new DownSince(clock);
  }

  @Override
  public Result check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", consumer.name());
    details.put("topics", new TreeSet<>(consumer.topics()));
    if (consumer.isRunning()) {
      downSince.up();
      return Result.up(details);
    }
    return Result.down(downSince.down(), "consumer " + consumer.name() + " is not running")
        .withDetails(details);
  }
}
