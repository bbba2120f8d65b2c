package dev.outbox.customer;

import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.write.Outbox;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.customer.api.HttpApi;
import dev.outbox.customer.credit.CreditCheck;
import dev.outbox.customer.credit.OrderPlacedHandler;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.events.OrderEvent;
import dev.outbox.customer.store.JooqCustomerTransactions;
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
 * customer-app's object graph, started on service-kit's runtime: the outbox of customer events, the
 * {@code OrderPlaced} consumer that checks credit, and the customer API. Production ({@link
 * CustomerMain}) and the tests build it the same way. Closing it stops everything it started, in
 * reverse order.
 */
public final class CustomerApp implements AutoCloseable {

  private final CustomerAppConfig config;
  private final HttpService http;
  private final EventConsumer consumer;
  private final ServiceRuntime runtime;

  private CustomerApp(
      CustomerAppConfig config, HttpService http, EventConsumer consumer, ServiceRuntime runtime) {
    this.config = config;
    this.http = http;
    this.consumer = consumer;
    this.runtime = runtime;
  }

  /** Starts with the system clock and random ids. */
  public static CustomerApp start(CustomerAppConfig config) {
    return start(config, Clock.systemUTC(), UUID::randomUUID);
  }

  /**
   * Starts with the given clock and id supplier (customer ids and event ids).
   *
   * @throws RuntimeException when a part cannot start; what had started is stopped again
   */
  public static CustomerApp start(CustomerAppConfig config, Clock clock, Supplier<UUID> ids) {
    return start(config, clock, ids, OpenTelemetry.noop(), CatalogSchemas::fromClasspath);
  }

  /**
   * Starts with the system clock and random ids, its spans (HTTP requests, outbox appends, event
   * applies and parks) going to {@code openTelemetry}.
   */
  public static CustomerApp start(CustomerAppConfig config, OpenTelemetry openTelemetry) {
    return start(
        config, Clock.systemUTC(), UUID::randomUUID, openTelemetry, CatalogSchemas::fromClasspath);
  }

  /**
   * The same, with the schemas made by {@code schemasOf} from the app's catalogs instead of those
   * on its class path: tests use it to run the app against a contract it breaks.
   */
  static CustomerApp start(
      CustomerAppConfig config,
      Clock clock,
      Supplier<UUID> ids,
      OpenTelemetry openTelemetry,
      BiFunction<EventCatalog<CustomerEvent>, EventCatalog<OrderEvent>, EventSchemas> schemasOf) {
    return ServiceRuntime.start(
        CustomerApp.class,
        config.service(),
        clock,
        openTelemetry,
        runtime -> {
          EventCatalog<CustomerEvent> customerEvents =
              EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class);
          EventCatalog<OrderEvent> orderEvents =
              EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class)
                  .withTopic(config.orderTopic());
          EventSchemas schemas = schemasOf.apply(customerEvents, orderEvents);
          Outbox outbox = runtime.outbox(customerEvents, ids, schemas);
          JooqCustomerTransactions transactions =
              new JooqCustomerTransactions(
                  DSL.using(runtime.dataSource(), SQLDialect.POSTGRES), outbox);
          EventConsumer consumer =
              runtime.consume(
                  handlers ->
                      handlers
                          .validateAgainst(schemas)
                          .on(
                              orderEvents,
                              new OrderPlacedHandler(
                                  transactions, new CreditCheck(clock), runtime.meterRegistry())));
          HttpService http =
              runtime.serve(HttpApi.routes(new CustomerService(transactions, clock, ids)));
          return new CustomerApp(config, http, consumer, runtime);
        });
  }

  /** The port the HTTP API listens on. */
  public int port() {
    return http.port();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The {@code OrderPlaced} consumer (its dead letters, its state). */
  public EventConsumer orderConsumer() {
    return consumer;
  }

  /** The app's meters, as {@code /metrics} shows them. */
  public PrometheusMeterRegistry meterRegistry() {
    return runtime.meterRegistry();
  }

  /** The configuration it runs with. */
  public CustomerAppConfig config() {
    return config;
  }

  /** Stops the HTTP API, the consumer and the pool, in that order. */
  @Override
  public void close() {
    runtime.close();
  }
}
