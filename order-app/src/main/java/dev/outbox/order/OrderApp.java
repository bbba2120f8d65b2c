package dev.outbox.order;

import com.zaxxer.hikari.HikariDataSource;
import dev.outbox.client.consume.EventConsumer;
import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.write.Outbox;
import dev.outbox.order.api.HttpApi;
import dev.outbox.order.domain.CreditApplication;
import dev.outbox.order.domain.OrderService;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.events.OrderEvent;
import dev.outbox.order.replica.CustomerEventsHandler;
import dev.outbox.order.replica.CustomerReplicaStore;
import dev.outbox.order.store.JooqOrderTransactions;
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
 * order-app's object graph, started: the pool, the outbox, the customer events consumer (replica
 * and credit decisions) and the HTTP API. Production ({@link OrderMain}) and the tests build it the
 * same way. Closing it stops everything it started, in reverse order.
 */
public final class OrderApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OrderApp.class);

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
    return ServiceRuntime.start(
        OrderApp.class, config, runtime -> wire(runtime, config, clock, ids));
  }

  private static OrderApp wire(
      ServiceRuntime runtime, OrderAppConfig config, Clock clock, Supplier<UUID> ids) {
    PrometheusMeterRegistry registry = runtime.meterRegistry();
    HikariDataSource dataSource = runtime.pool(config.db(), "order-app-db");
    DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);

    Outbox outbox =
        Outbox.builder()
            .register(EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class))
            .clock(clock)
            .idSupplier(ids)
            .build();
    JooqOrderTransactions transactions = new JooqOrderTransactions(dsl, outbox);
    OrderService orders = new OrderService(transactions, clock, ids);

    EventConsumer consumer =
        EventConsumer.builder(
                EventConsumerConfig.defaults(config.consumerName(), config.kafkaBootstrap())
                    .withMaxAttempts(config.consumerMaxAttempts()))
            .dsl(dsl)
            .meterRegistry(registry)
            .clock(clock)
            .on(
                EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class)
                    .withTopic(config.customerTopic()),
                new CustomerEventsHandler(
                    new CustomerReplicaStore(),
                    transactions,
                    new CreditApplication(clock),
                    registry))
            .build();
    runtime.add(consumer);
    consumer.start();

    HttpService http =
        HttpApi.start(
            config.httpPort(),
            config.httpThreads(),
            orders,
            consumer.deadLetters(),
            registry,
            Map.of(
                "database",
                () -> DataSources.answers(dataSource),
                "consumer",
                consumer::isRunning));
    runtime.add(http);
    LOG.info(
        "OrderApp - started: HTTP on port {}, consuming {} as {}",
        http.port(),
        config.customerTopic(),
        config.consumerName());
    return new OrderApp(config, http, consumer, runtime);
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
