package dev.outbox.client.replica;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.event.EventCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's part in the life of copies (docs/replicas.md): as the owner of aggregate types it
 * answers other services' requests for a backfill; as a consumer it asks for a fill of each copy it
 * keeps that never had one (bootstrap), and knows which of its copies are complete. The platform
 * events arrive through the service's consumer ({@link #register}); the rest runs on one thread of
 * its own, every {@code interval}.
 *
 * <p>Metrics, per copy: {@code outbox.replica.complete} (1 or 0), {@code
 * outbox.replica.fill.received} and {@code outbox.replica.fill.expected} (snapshots of the latest
 * fill).
 */
public final class ReplicaLifecycle implements AutoCloseable {

  /** The platform's backfill events, on {@code outbox.backfill.events}. */
  public static final EventCatalog<BackfillEvent> CATALOG =
      EventCatalog.of(BackfillEvent.AGGREGATE_TYPE, BackfillEvent.class);

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLifecycle.class);
  private static final int BATCH_SIZE = 1000;

  private final String consumer;
  private final BackfillResponder responder;
  private final ReplicaFills fills;
  private final MeterRegistry registry;
  private final ScheduledExecutorService thread;
  private final Map<String, ReplicaStatus> statuses = new ConcurrentHashMap<>();
  private final Set<String> metered = new HashSet<>();
  private volatile boolean bootstrapped;

  private ReplicaLifecycle(String consumer, DSLContext dsl, MeterRegistry registry) {
    this.consumer = consumer;
    this.responder = new BackfillResponder(consumer, dsl, BATCH_SIZE);
    this.fills = new ReplicaFills(consumer, dsl);
    this.registry = registry;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, consumer + "-replicas");
              t.setDaemon(true);
              return t;
            });
  }

  /** Makes {@code builder}'s consumer read the platform's backfill events. */
  public static EventConsumer.Builder register(EventConsumer.Builder builder, String consumer) {
    return builder.on(CATALOG, new ReplicaProtocolHandler(consumer));
  }

  /**
   * Starts the thread: bootstrap first (retried at each round until the database answers), then
   * every {@code interval} the open answers, the fills' completion and the copies' state.
   */
  public static ReplicaLifecycle start(
      String consumer, DSLContext dsl, MeterRegistry registry, Duration interval) {
    ReplicaLifecycle lifecycle =
        new ReplicaLifecycle(
            Objects.requireNonNull(consumer, "consumer"),
            Objects.requireNonNull(dsl, "dsl"),
            Objects.requireNonNull(registry, "registry"));
    lifecycle.thread.scheduleWithFixedDelay(
        lifecycle::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return lifecycle;
  }

  /** The copies this consumer keeps, as last read (at most one interval old). */
  public List<ReplicaStatus> replicas() {
    return statuses.values().stream().sorted((a, b) -> a.replica().compareTo(b.replica())).toList();
  }

  /** One copy, as last read; empty when this consumer keeps no such copy. */
  public Optional<ReplicaStatus> replica(String name) {
    return Optional.ofNullable(statuses.get(name));
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ReplicaLifecycle[" + consumer + "]";
  }

  private void round() {
    try {
      if (!bootstrapped) {
        fills.bootstrap();
        bootstrapped = true;
      }
      responder.runOpen();
      if (statuses.values().stream().anyMatch(s -> !s.complete())) {
        fills.settle();
      }
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("{} - replicas: {} (retried in the next round)", consumer, e.getMessage());
    }
  }

  private void refresh() {
    for (ReplicaStatus now : fills.statuses()) {
      ReplicaStatus before = statuses.put(now.replica(), now);
      if (before == null || !before.state().equals(now.state())) {
        LOG.info("{} - {} is {}", consumer, now.replica(), now.describe());
      }
      meter(now.replica());
    }
  }

  private void meter(String replica) {
    if (!metered.add(replica)) {
      return;
    }
    Gauge.builder(
            "outbox.replica.complete",
            statuses,
            s -> s.containsKey(replica) && s.get(replica).complete() ? 1 : 0)
        .tag("consumer", consumer)
        .tag("replica", replica)
        .description("1 when every snapshot of the copy's latest fill has been received")
        .register(registry);
    Gauge.builder(
            "outbox.replica.fill.received",
            statuses,
            s -> s.containsKey(replica) ? s.get(replica).received() : 0)
        .tag("consumer", consumer)
        .tag("replica", replica)
        .description("Snapshots of the latest fill the consumer received")
        .register(registry);
    Gauge.builder(
            "outbox.replica.fill.expected",
            statuses,
            s -> {
              ReplicaStatus status = s.get(replica);
              return status == null || status.expected() == null ? Double.NaN : status.expected();
            })
        .tag("consumer", consumer)
        .tag("replica", replica)
        .description("Snapshots the owner emitted for the latest fill (NaN until it answered)")
        .register(registry);
  }
}
