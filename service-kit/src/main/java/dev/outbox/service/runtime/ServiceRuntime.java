package dev.outbox.service.runtime;

import com.zaxxer.hikari.HikariDataSource;
import dev.outbox.service.config.DbConfig;
import dev.outbox.service.db.DataSources;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app-neutral part of a service's object graph: a Prometheus registry with the JVM meters, and
 * a stack of everything the service started. Closing it closes that stack in reverse order, so a
 * service stops its HTTP API before its consumer and its consumer before its pool. It logs with the
 * service's own logger and prefix ({@code "CustomerApp - stopping"}).
 */
public final class ServiceRuntime implements AutoCloseable {

  private final Logger log;
  private final String name;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private PrometheusMeterRegistry registry;

  private ServiceRuntime(Class<?> service) {
    this.log = LoggerFactory.getLogger(service);
    this.name = service.getSimpleName();
  }

  /**
   * Logs the start with {@code config}, starts the registry and the JVM meters, then lets {@code
   * wiring} build the service on the runtime.
   *
   * @param service the service's class: its logger and, by its simple name, the log prefix
   * @throws RuntimeException what {@code wiring} or the registry threw, after closing what had
   *     started
   */
  public static <T> T start(Class<?> service, Object config, Function<ServiceRuntime, T> wiring) {
    ServiceRuntime runtime = new ServiceRuntime(service);
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

  /** The service's meters, as {@code /metrics} shows them. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** Opens the service's pool, with its meters in the registry; closed with the runtime. */
  public HikariDataSource pool(DbConfig db, String poolName) {
    return add(DataSources.pool(db, poolName, registry));
  }

  /** Closes {@code resource} with the runtime, before everything added earlier. */
  public <T extends AutoCloseable> T add(T resource) {
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

  private void closeAll() {
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
