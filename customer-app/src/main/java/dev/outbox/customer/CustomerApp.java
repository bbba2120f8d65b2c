package dev.outbox.customer;

import com.zaxxer.hikari.HikariDataSource;
import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.write.Outbox;
import dev.outbox.customer.api.HttpApi;
import dev.outbox.customer.credit.CreditCheck;
import dev.outbox.customer.credit.OrderPlacedHandler;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.events.OrderEvent;
import dev.outbox.customer.store.JooqCustomerTransactions;
import dev.outbox.service.db.DataSources;
import dev.outbox.service.http.HttpService;
import dev.outbox.service.runtime.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * customer-app's object graph, started: the pool, the outbox, the {@code OrderPlaced} consumer and
 * the HTTP API. Production ({@link CustomerMain}) and the tests build it the same way. Closing it
 * stops everything it started, in reverse order.
 */
public final class CustomerApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerApp.class);

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
    return ServiceRuntime.start(
        CustomerApp.class, config, runtime -> wire(runtime, config, clock, ids));
  }

  private static CustomerApp wire(
      ServiceRuntime runtime, CustomerAppConfig config, Clock clock, Supplier<UUID> ids) {
    PrometheusMeterRegistry registry = runtime.meterRegistry();
    HikariDataSource dataSource = runtime.pool(config.db(), "customer-app-db");
    DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);

    Outbox outbox =
        Outbox.builder()
            .register(EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class))
            .clock(clock)
            .idSupplier(ids)
            .build();
    JooqCustomerTransactions transactions = new JooqCustomerTransactions(dsl, outbox);
    CustomerService customers = new CustomerService(transactions, clock, ids);

    EventConsumer consumer =
        EventConsumer.builder(
                EventConsumerConfig.defaults(config.consumerName(), config.kafkaBootstrap())
                    .withMaxAttempts(config.consumerMaxAttempts()))
            .dsl(dsl)
            .meterRegistry(registry)
            .clock(clock)
            .on(
                EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class)
                    .withTopic(config.orderTopic()),
                new OrderPlacedHandler(transactions, new CreditCheck(clock), registry))
            .build();
    runtime.add(consumer);
    consumer.start();

    HttpService http =
        HttpApi.start(
            config.httpPort(),
            config.httpThreads(),
            customers,
            consumer.deadLetters(),
            registry,
            Map.of(
                "database",
                () -> DataSources.answers(dataSource),
                "consumer",
                consumer::isRunning));
    runtime.add(http);
    LOG.info(
        "CustomerApp - started: HTTP on port {}, consuming {} as {}",
        http.port(),
        config.orderTopic(),
        config.consumerName());
    return new CustomerApp(config, http, consumer, runtime);
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
