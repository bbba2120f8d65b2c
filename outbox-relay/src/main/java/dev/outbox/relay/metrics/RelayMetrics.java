package dev.outbox.relay.metrics;

import dev.outbox.relay.health.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The relay's meters. Names follow Micrometer conventions; the Prometheus registry renders them as
 * {@code outbox_relay_events_total}, {@code outbox_relay_commit_to_ack_seconds_bucket} and so on.
 * The slot's gauges (lag in bytes and in time, WAL retained, heartbeat age) are sampled by {@code
 * SlotMonitor} every few seconds, by an active relay and a standby alike.
 */
public final class RelayMetrics {

  /**
   * The kinds of {@link #error}, registered at zero from the start so that their rates exist before
   * the first error (a dashboard or alert over {@code outbox_relay_errors_total} has a series).
   */
  public static final List<String> ERROR_KINDS =
      List.of("kafka_send", "kafka_stall", "topic", "database", "engine", "retention");

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Map<String, Counter>> relayed = new ConcurrentHashMap<>();
  private final Map<String, Counter> ignored = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Counter batches;
  private final Counter retentionDeleted;
  private final Counter topicsCreated;
  private final Timer kafkaSend;
  private final Timer commitToAck;
  private final AtomicLong slotLagBytes = new AtomicLong(-1);
  private final AtomicLong walRetainedBytes = new AtomicLong(-1);
  private final AtomicReference<Double> lagSeconds = new AtomicReference<>(-1.0);
  private final AtomicReference<Double> heartbeatAgeSeconds = new AtomicReference<>(-1.0);
  private final AtomicLong lastRelayedCommitMicros = new AtomicLong(0);
  private final AtomicReference<Role> role = new AtomicReference<>(Role.STANDBY);

  public RelayMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.batches =
        Counter.builder("outbox.relay.batches")
            .description("Batches of changes handed over by Debezium and marked processed")
            .register(registry);
    this.retentionDeleted =
        Counter.builder("outbox.relay.retention.deleted")
            .description("Relayed outbox rows deleted by retention")
            .register(registry);
    this.topicsCreated =
        Counter.builder("outbox.relay.topics.created")
            .description("Topics the relay created before its first send to them")
            .register(registry);
    this.kafkaSend =
        Timer.builder("outbox.relay.kafka.send")
            .description("From sending a batch to Kafka until every record of it is acknowledged")
            .publishPercentileHistogram()
            .register(registry);
    this.commitToAck =
        Timer.builder("outbox.relay.commit.to.ack")
            .description("From the source transaction's commit until Kafka acknowledged the event")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    Gauge.builder("outbox.relay.slot.lag", slotLagBytes, AtomicLong::get)
        .description("WAL bytes between the server's position and the slot's confirmed position")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("outbox.relay.wal.retained", walRetainedBytes, AtomicLong::get)
        .description(
            "WAL bytes the slot keeps on the server's disk: from its restart position to the"
                + " server's (-1 when unknown)")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("outbox.relay.lag", lagSeconds, AtomicReference::get)
        .description(
            "Age of the oldest outbox row committed after the stored position: how far behind"
                + " the relay is in time (0 when caught up, -1 when unknown)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("outbox.relay.heartbeat.age", heartbeatAgeSeconds, AtomicReference::get)
        .description(
            "Seconds since the slot's relay last wrote relay_heartbeat (-1 before the first or"
                + " when unknown)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("outbox.relay.last.event.age", this, RelayMetrics::lastEventAgeSeconds)
        .description("Seconds since the commit of the last relayed event (-1 before the first)")
        .baseUnit("seconds")
        .register(registry);
    ERROR_KINDS.forEach(this::errorCounter);
    for (Role r : Role.values()) {
      Gauge.builder("outbox.relay.role", role, current -> current.get() == r ? 1 : 0)
          .description("1 for the role this relay has now")
          .tag("role", r.label())
          .register(registry);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** An event acknowledged by Kafka; {@code commitMicros} is its transaction's commit time. */
  public void relayed(String topic, String eventType, long commitMicros) {
    // Called once per acknowledged event: two map lookups, no allocation once warm.
    relayed
        .computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            eventType,
            type ->
                Counter.builder("outbox.relay.events")
                    .description("Outbox events acknowledged by Kafka")
                    .tag("topic", topic)
                    .tag("type", type)
                    .register(registry))
        .increment();
    long nowMicros = TimeUnit.MILLISECONDS.toMicros(clock.millis());
    commitToAck.record(Math.max(0, nowMicros - commitMicros), TimeUnit.MICROSECONDS);
    lastRelayedCommitMicros.accumulateAndGet(commitMicros, Math::max);
  }

  /** A change that is not an outbox insert (update, delete, truncate, other tables). */
  public void ignored(String kind) {
    counter(ignored, "outbox.relay.ignored.changes", "kind", kind, "Changes seen, not published")
        .increment();
  }

  public void error(String kind) {
    errorCounter(kind).increment();
  }

  private Counter errorCounter(String kind) {
    return counter(errors, "outbox.relay.errors", "kind", kind, "Errors by kind; each is retried");
  }

  /** A batch handed over by the engine and marked processed. */
  public void batch() {
    batches.increment();
  }

  /** The time from sending a batch's events until Kafka acknowledged all of them. */
  public void kafkaSend(long nanos) {
    kafkaSend.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A topic the relay created. */
  public void topicCreated() {
    topicsCreated.increment();
  }

  /** Reports how many topics are known ready (checked, with a leader for every partition). */
  public void topicsReady(IntSupplier count) {
    Gauge.builder("outbox.relay.topics.ready", count, IntSupplier::getAsInt)
        .description("Topics checked ready for sends: existing, with a leader for every partition")
        // A gauge holds its object weakly by default, and nothing else holds this supplier.
        .strongReference(true)
        .register(registry);
  }

  public void retentionDeleted(long rows) {
    retentionDeleted.increment(rows);
  }

  public void slotLagBytes(long bytes) {
    slotLagBytes.set(bytes);
  }

  /** WAL bytes the slot holds back from being recycled, -1 when unknown. */
  public void walRetainedBytes(long bytes) {
    walRetainedBytes.set(bytes);
  }

  /** The age of the oldest outbox row not relayed yet in seconds, 0 when none, -1 when unknown. */
  public void lagSeconds(double seconds) {
    lagSeconds.set(seconds);
  }

  /** Seconds since the last heartbeat of the slot, -1 when unknown. */
  public void heartbeatAgeSeconds(double seconds) {
    heartbeatAgeSeconds.set(seconds);
  }

  public void role(Role current) {
    role.set(current);
  }

  private double lastEventAgeSeconds() {
    long last = lastRelayedCommitMicros.get();
    if (last == 0) {
      return -1;
    }
    return Math.max(0, TimeUnit.MILLISECONDS.toMicros(clock.millis()) - last) / 1_000_000.0;
  }

  private Counter counter(
      Map<String, Counter> cache, String name, String tag, String value, String description) {
    return cache.computeIfAbsent(
        value, v -> Counter.builder(name).description(description).tag(tag, v).register(registry));
  }
}
