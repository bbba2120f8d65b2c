package dev.outbox.service.runtime;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.replica.ReplicaLifecycle;
import dev.outbox.client.write.Outbox;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.service.config.ServiceConfig;
import dev.outbox.service.consumer.ConsumerCheck;
import dev.outbox.service.db.ConnectionPool;
import dev.outbox.service.db.DatabaseCheck;
import dev.outbox.service.db.DatabaseOutages;
import dev.outbox.service.deadletter.DeadLetterRoutes;
import dev.outbox.service.health.HealthCheck;
import dev.outbox.service.http.HttpService;
import dev.outbox.service.http.Routes;
import dev.outbox.service.replica.ReplicaCheck;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service starts besides its own domain, each part closed with the runtime in reverse
 * order (the HTTP API before the consumer, the consumer before the pool):
 *
 * <ul>
 *   <li>a Prometheus registry with the JVM meters;
 *   <li>{@link #dataSource()}: the pool, its {@code database} health check, and the database's
 *       outages answered 503 by the HTTP API;
 *   <li>{@link #consume}: the service's {@link EventConsumer}, started, with its {@code consumer}
 *       health check and its dead-letter routes;
 *   <li>{@link #serve}: the HTTP API with the service's routes, {@code /health} and {@code
 *       /metrics}.
 * </ul>
 *
 * It logs with the service's own logger and prefix ({@code "CustomerApp - stopping"}).
 */
public final class ServiceRuntime implements AutoCloseable {

  private final Logger log;
  private final String name;
  private final ServiceConfig config;
  private final Clock clock;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
  private final Routes.Builder routes = Routes.builder();
  private final DatabaseOutages outages;
  private final OpenTelemetry openTelemetry;
  private PrometheusMeterRegistry registry;
  private ConnectionPool pool;
  private EventConsumer consumer;
  private ReplicaLifecycle replicas;
  private HttpService http;

  private ServiceRuntime(
      Class<?> service, ServiceConfig config, Clock clock, OpenTelemetry openTelemetry) {
    this.log = LoggerFactory.getLogger(service);
    this.name = service.getSimpleName();
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outages = new DatabaseOutages(config.service(), clock);
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  /**
   * Logs the start with the effective configuration (masked), starts the registry and the JVM
   * meters, then lets {@code wiring} build the service on the runtime.
   *
   * @param service the service's class: its logger and, by its simple name, the log prefix
   * @param clock the clock of the consumer and of the health checks' {@code since}
   * @throws RuntimeException what {@code wiring} or the registry threw, after closing what had
   *     started
   */
  public static <T> T start(
      Class<?> service, ServiceConfig config, Clock clock, Function<ServiceRuntime, T> wiring) {
    return start(service, config, clock, OpenTelemetry.noop(), wiring);
  }

  /**
   * The same, with spans: the HTTP API's ({@code <METHOD> <route>}, SERVER), the outbox's appends
   * and the consumer's applies and parks go to {@code openTelemetry}.
   */
  public static <T> T start(
      Class<?> service,
      ServiceConfig config,
      Clock clock,
      OpenTelemetry openTelemetry,
      Function<ServiceRuntime, T> wiring) {
    ServiceRuntime runtime = new ServiceRuntime(service, config, clock, openTelemetry);
    runtime.log.info("{} - starting with {}", runtime.name, config);
    try {
      runtime.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      runtime.resources.push(runtime.registry::close);
      new JvmMemoryMetrics().bindTo(runtime.registry);
      new JvmThreadMetrics().bindTo(runtime.registry);
      new ProcessorMetrics().bindTo(runtime.registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(runtime.registry);
      runtime.resources.push(gc);
      return wiring.apply(runtime);
    } catch (RuntimeException e) {
      runtime.closeAll();
      throw e;
    }
  }

  /** The common settings it was started with. */
  public ServiceConfig config() {
    return config;
  }

  /**
   * The writer of the service's own events: the catalog's, with the runtime's clock and {@code ids}
   * for event ids, each payload validated against {@code schemas} first unless {@code
   * <APP>_OUTBOX_VALIDATE} is false.
   */
  public Outbox outbox(EventCatalog<?> catalog, Supplier<UUID> ids, EventSchemas schemas) {
    Outbox.Builder writer =
        Outbox.builder()
            .register(catalog)
            .clock(clock)
            .idSupplier(ids)
            .openTelemetry(openTelemetry);
    if (config.outboxValidate()) {
      writer.validateAgainst(schemas);
    }
    return writer.build();
  }

  /** Where the service's spans go (the no-op unless tracing is on). */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** The service's meters, as {@code /metrics} shows them. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /**
   * The service's pool, opened on the first call (with its meters in the registry and its {@code
   * database} health check); closed with the runtime.
   */
  public synchronized DataSource dataSource() {
    if (pool == null) {
      pool =
          add(
              ConnectionPool.open(
                  config.database(),
                  config.poolSize(),
                  config.service() + "-db",
                  registry,
                  outages));
      checks.put(
          "database",
          new DatabaseCheck(config.database(), config.service() + "-health", outages, clock));
    }
    return pool.dataSource();
  }

  /**
   * Builds and starts the service's consumer as its settings say (name, Kafka, attempts, batch
   * size, session timeout, freshness objective, the retention of its tables), on its pool, with
   * {@code handlers} registering what it consumes; {@code /health} reports it as {@code consumer}
   * with a {@link ConsumerCheck}, and its dead letters are served under {@code /dead-letters}.
   *
   * @throws dev.outbox.client.housekeeping.RetentionWindowException when the inbox retention is not
   *     longer than what a consumed topic and the relay may still redeliver
   * @throws IllegalStateException when called twice: a service runs one consumer
   */
  public EventConsumer consume(Consumer<EventConsumer.Builder> handlers) {
    return consume(handlers, started -> new ConsumerCheck(started, clock));
  }

  /** The same, with another health check of the consumer made by {@code check}. */
  public synchronized EventConsumer consume(
      Consumer<EventConsumer.Builder> handlers, Function<EventConsumer, HealthCheck> check) {
    if (consumer != null) {
      throw new IllegalStateException(
          config.service() + " already runs consumer " + consumer.name());
    }
    EventConsumer.Builder builder =
        EventConsumer.builder(
                EventConsumerConfig.defaults(config.consumerName(), config.kafkaBootstrap())
                    .withMaxAttempts(config.consumerMaxAttempts())
                    .withBatchSize(config.consumerBatchSize())
                    .withSessionTimeout(config.consumerSessionTimeout())
                    .withFreshnessObjective(config.consumerFreshnessObjective()))
            .dsl(DSL.using(dataSource(), SQLDialect.POSTGRES))
            .meterRegistry(registry)
            .clock(clock)
            .openTelemetry(openTelemetry)
            .retention(config.retention());
    handlers.accept(builder);
    ReplicaLifecycle.register(builder, config.consumerName());
    consumer = add(builder.build());
    consumer.start();
    checks.put("consumer", check.apply(consumer));
    replicas =
        add(
            ReplicaLifecycle.start(
                config.consumerName(),
                DSL.using(dataSource(), SQLDialect.POSTGRES),
                registry,
                Duration.ofSeconds(1)));
    checks.put("replicas", new ReplicaCheck(replicas));
    routes.add(DeadLetterRoutes.of(consumer.deadLetters()));
    return consumer;
  }

  /**
   * The copies of other services' data that the consumer keeps: bootstrapped on its first start,
   * filled again by a rebuild, each complete or not.
   *
   * @throws IllegalStateException before {@link #consume}
   */
  public synchronized ReplicaLifecycle replicas() {
    if (replicas == null) {
      throw new IllegalStateException(config.service() + " runs no consumer yet");
    }
    return replicas;
  }

  /**
   * Starts the HTTP API on the configured port and threads: {@code own} routes, the consumer's dead
   * letters, {@code /health} and {@code /metrics}; the database's outages are answered 503.
   *
   * @throws IllegalStateException when called twice
   */
  public synchronized HttpService serve(Routes own) {
    if (http != null) {
      throw new IllegalStateException(config.service() + " already serves HTTP");
    }
    HttpService.Builder server =
        HttpService.builder(config.service(), registry)
            .openTelemetry(openTelemetry)
            .port(config.httpPort())
            .threads(config.httpThreads())
            .routes(own)
            .routes(routes.build())
            .unavailableWhen(outages);
    checks.forEach(server::health);
    http = add(server.start());
    log.info("{} - serving HTTP on port {}", name, http.port());
    return http;
  }

  /** Closes {@code resource} with the runtime, before everything added earlier. */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    resources.push(Objects.requireNonNull(resource, "resource"));
    return resource;
  }

  /** Closes everything added, the last added first; a part that fails to close is logged. */
  @Override
  public void close() {
    log.info("{} - stopping", name);
    closeAll();
    log.info("{} - stopped", name);
  }

  private synchronized void closeAll() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("{} - closing {} failed", name, resource, e);
      }
    }
  }
}
