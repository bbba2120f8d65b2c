package dev.outbox.relay;

import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.health.HealthReport;
import dev.outbox.relay.health.RelayHealth;
import dev.outbox.relay.http.RelayHttpServer;
import dev.outbox.relay.metrics.RelayMetrics;
import dev.outbox.relay.position.SlotMonitor;
import dev.outbox.relay.retention.RetentionJob;
import dev.outbox.relay.stream.KafkaProbe;
import dev.outbox.relay.stream.OutboxPublisher;
import dev.outbox.relay.stream.StopSignal;
import dev.outbox.relay.topic.KafkaTopics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running relay: the object graph that {@code java -jar outbox-relay.jar} runs, also started by
 * tests and the benchmark. It serves health and metrics at once, competes for the slot's lock, and
 * streams while it holds it. {@link #close()} stops it safely: the batch in flight is finished or
 * abandoned unacknowledged, the position of every acknowledged batch is stored.
 */
public final class Relay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

  /**
   * The admin client's calls (probe, topic checks and creation) give up after this; the caller
   * tries again.
   */
  private static final int ADMIN_TIMEOUT_MS = 5000;

  private final RelayConfig config;
  private final RelayHealth health;
  private final StopSignal stop;
  private final OutboxPublisher publisher;
  private final Admin admin;
  private final SlotMonitor monitor;
  private final ScheduledExecutorService scheduler;
  private final RelayHttpServer http;
  private final Thread supervisorThread;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();

  private Relay(
      RelayConfig config,
      PrometheusMeterRegistry registry,
      Clock clock,
      OpenTelemetry openTelemetry) {
    this.config = config;
    String slot = config.stream().slot();
    this.health = new RelayHealth();
    this.stop = new StopSignal();
    RelayMetrics metrics = new RelayMetrics(registry, clock);
    this.http = RelayHttpServer.start(config.httpPort(), health, registry);
    this.admin = Admin.create(adminProperties(config, slot));
    KafkaTopics topics =
        new KafkaTopics(admin, config.topics(), config.stream().sendStallTimeout(), stop, metrics);
    this.publisher =
        new OutboxPublisher(
            () -> new KafkaProducer<>(config.kafka().producerProperties("outbox-relay-" + slot)),
            topics,
            config.stream(),
            metrics,
            health,
            stop,
            openTelemetry);
    this.monitor = new SlotMonitor(config.db(), slot, health, metrics);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "outbox-relay-scheduler");
              t.setDaemon(true);
              return t;
            });
    schedule(new KafkaProbe(admin, health), Duration.ZERO, PROBE_INTERVAL);
    schedule(topics, PROBE_INTERVAL, PROBE_INTERVAL);
    schedule(monitor, Duration.ZERO, PROBE_INTERVAL);
    if (config.retention().enabled()) {
      Duration every = config.retention().interval();
      schedule(new RetentionJob(config.db(), slot, config.retention(), metrics), every, every);
    }
    Supervisor supervisor = new Supervisor(config, health, metrics, publisher, stop, termination);
    this.supervisorThread = new Thread(supervisor, "outbox-relay-supervisor");
  }

  /** Starts a relay with a Prometheus registry of its own and the system clock, untraced. */
  public static Relay start(RelayConfig config) {
    return start(config, OpenTelemetry.noop());
  }

  /** Starts a relay whose publish spans go to the given OpenTelemetry. */
  public static Relay start(RelayConfig config, OpenTelemetry openTelemetry) {
    return start(
        config,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(),
        openTelemetry);
  }

  /** Starts a relay that reports to the given registry, untraced. */
  public static Relay start(RelayConfig config, PrometheusMeterRegistry registry, Clock clock) {
    return start(config, registry, clock, OpenTelemetry.noop());
  }

  /**
   * Starts a relay that reports to the given registry and traces to the given OpenTelemetry (the
   * caller closes it after the relay).
   */
  public static Relay start(
      RelayConfig config,
      PrometheusMeterRegistry registry,
      Clock clock,
      OpenTelemetry openTelemetry) {
    Relay relay = new Relay(config, registry, clock, openTelemetry);
    LOG.info(
        "OutboxRelay - slot {}: health and metrics on port {}",
        config.stream().slot(),
        relay.httpPort());
    relay.supervisorThread.start();
    return relay;
  }

  /** The port of {@code /health} and {@code /metrics}. */
  public int httpPort() {
    return http.port();
  }

  public HealthReport health() {
    return health.report();
  }

  /**
   * Completes when the relay has stopped after {@link #close()}; completes exceptionally when it
   * stopped by itself: with an {@link UnrecoverableException} on a condition no restart can fix
   * (the slot cannot continue, the publication is missing, a topic it may not use), with another
   * exception on an unexpected failure.
   */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  @Override
  public void close() {
    stop.raise();
    try {
      supervisorThread.join(config.shutdownTimeout().plusSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (supervisorThread.isAlive()) {
      LOG.warn("OutboxRelay - still stopping after {}; leaving", config.shutdownTimeout());
    }
    scheduler.shutdownNow();
    publisher.close();
    admin.close(Duration.ofSeconds(2));
    monitor.close();
    http.close();
    termination.complete(null);
    LOG.info("OutboxRelay - slot {}: stopped", config.stream().slot());
  }

  private static Map<String, Object> adminProperties(RelayConfig config, String slot) {
    Map<String, Object> props = config.kafka().adminProperties("outbox-relay-admin-" + slot);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
    return props;
  }

  private void schedule(Runnable task, Duration delay, Duration every) {
    scheduler.scheduleWithFixedDelay(
        task, delay.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }
}
