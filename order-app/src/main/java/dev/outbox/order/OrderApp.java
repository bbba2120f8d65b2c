package dev.outbox.order;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.replica.ReplicaStatus;
import dev.outbox.client.write.Outbox;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.order.api.HttpApi;
import dev.outbox.order.domain.CreditApplication;
import dev.outbox.order.domain.OrderService;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.events.CustomerEventUpcasts;
import dev.outbox.order.events.OrderEvent;
import dev.outbox.order.replica.CustomerEventsHandler;
import dev.outbox.order.replica.CustomerReplicaStore;
import dev.outbox.order.store.JooqOrderTransactions;
import dev.outbox.service.http.HttpService;
import dev.outbox.service.runtime.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * order-app's object graph, started on service-kit's runtime: the outbox of order events, the
 * customer events consumer (replica and credit decisions) and the order API. Production ({@link
 * OrderMain}) and the tests build it the same way. Closing it stops everything it started, in
 * reverse order.
 */
public final class OrderApp implements AutoCloseable {

  private final OrderAppConfig config;
  private final HttpService http;
  private final EventConsumer consumer;
  private final ServiceRuntime runtime;

  private OrderApp(
      OrderAppConfig config, HttpService http, EventConsumer consumer, ServiceRuntime runtime) {
    this.config = config;
    this.http = http;
    this.consumer = consumer;
    this.runtime = runtime;
  }

  /** Starts with the system clock and random ids. */
  public static OrderApp start(OrderAppConfig config) {
    return start(config, Clock.systemUTC(), UUID::randomUUID);
  }

  /**
   * Starts with the given clock and id supplier (order ids and event ids).
   *
   * @throws RuntimeException when a part cannot start; what had started is stopped again
   */
  public static OrderApp start(OrderAppConfig config, Clock clock, Supplier<UUID> ids) {
    return start(config, clock, ids, OpenTelemetry.noop(), CatalogSchemas::fromClasspath);
  }

  /**
   * Starts with the system clock and random ids, its spans (HTTP requests, outbox appends, event
   * applies and parks) going to {@code openTelemetry}.
   */
  public static OrderApp start(OrderAppConfig config, OpenTelemetry openTelemetry) {
    return start(
        config, Clock.systemUTC(), UUID::randomUUID, openTelemetry, CatalogSchemas::fromClasspath);
  }

  /**
   * The same, with the schemas made by {@code schemasOf} from the app's catalogs instead of those
   * on its class path: tests use it to run the app under other compatibility rules.
   */
  static OrderApp start(
      OrderAppConfig config,
      Clock clock,
      Supplier<UUID> ids,
      OpenTelemetry openTelemetry,
      BiFunction<EventCatalog<OrderEvent>, EventCatalog<CustomerEvent>, EventSchemas> schemasOf) {
    return ServiceRuntime.start(
        OrderApp.class,
        config.service(),
        clock,
        openTelemetry,
        runtime -> {
          EventCatalog<OrderEvent> orderEvents =
              EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class);
          EventCatalog<CustomerEvent> customerEvents =
              EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class)
                  .withTopic(config.customerTopic());
          EventSchemas schemas = schemasOf.apply(orderEvents, customerEvents);
          Outbox outbox = runtime.outbox(orderEvents, ids, schemas);
          JooqOrderTransactions transactions =
              new JooqOrderTransactions(
                  DSL.using(runtime.dataSource(), SQLDialect.POSTGRES), outbox);
          EventConsumer consumer =
              runtime.consume(
                  handlers ->
                      readOlderVersions(handlers, customerEvents)
                          .validateAgainst(schemas)
                          .onBatch(
                              customerEvents,
                              new CustomerEventsHandler(
                                  new CustomerReplicaStore(),
                                  transactions,
                                  new CreditApplication(clock),
                                  runtime.meterRegistry())));
          HttpService http =
              runtime.serve(
                  HttpApi.routes(
                      new OrderService(transactions, clock, ids),
                      () ->
                          runtime
                              .replicas()
                              .replica(CustomerReplicaStore.REPLICA)
                              .filter(status -> !status.complete())
                              .map(ReplicaStatus::describe)));
          return new OrderApp(config, http, consumer, runtime);
        });
  }

  /**
   * The upcasters of the customer events older customer-apps wrote: v1 (the address as one line
   * only) to v2 (with {@code postalAddress}), the same step for every type, since each carries the
   * customer's whole state. Registered for every type of the catalog, so that a type added later
   * cannot be forgotten while it is at v2.
   */
  private static EventConsumer.Builder readOlderVersions(
      EventConsumer.Builder handlers, EventCatalog<CustomerEvent> customerEvents) {
    for (String type : customerEvents.eventTypes()) {
      Class<?> eventClass = customerEvents.classOf(type).orElseThrow();
      if (customerEvents.schemaVersionOf(eventClass) > 1) {
        handlers.upcast(eventClass, 1, CustomerEventUpcasts.V1_TO_V2);
      }
    }
    return handlers;
  }

  /** The port the HTTP API listens on. */
  public int port() {
    return http.port();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The customer events consumer (its dead letters, its state). */
  public EventConsumer customerConsumer() {
    return consumer;
  }

  /** The app's meters, as {@code /metrics} shows them. */
  public PrometheusMeterRegistry meterRegistry() {
    return runtime.meterRegistry();
  }

  /** The configuration it runs with. */
  public OrderAppConfig config() {
    return config;
  }

  /** Stops the HTTP API, the consumer and the pool, in that order. */
  @Override
  public void close() {
    runtime.close();
  }
}
