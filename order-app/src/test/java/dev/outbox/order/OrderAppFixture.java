package dev.outbox.order;

import static dev.outbox.order.store.jooq.Tables.CUSTOMER_REPLICA;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.order.events.CustomerCreated;
import dev.outbox.order.events.CustomerDeleted;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.events.CustomerState;
import dev.outbox.order.events.OrderEvent;
import dev.outbox.order.events.PostalAddress;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.testing.AppFixture;
import io.opentelemetry.api.OpenTelemetry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * An order-app started on the shared test stack exactly as production starts it, with its own
 * consumer name and its own customer topic, plus helpers that publish customer events as
 * customer-app's relay would and read the replica.
 */
public final class OrderAppFixture extends AppFixture<OrderApp> {

  /** How long a test waits for the consumer. */
  public static final Duration WAIT = AppFixture.WAIT;

  static final App APP =
      new App(
          "order-app",
          OrderAppConfig.PREFIX,
          ServiceDatabase.ORDERS,
          OrderAppConfig.CUSTOMER_TOPIC.name(),
          "customer.events");

  private OrderAppFixture(
      OutboxStack stack,
      int maxAttempts,
      BiFunction<EventCatalog<OrderEvent>, EventCatalog<CustomerEvent>, EventSchemas> schemasOf) {
    super(
        stack,
        APP,
        maxAttempts,
        env ->
            OrderApp.start(
                OrderAppConfig.fromEnvironment(env),
                Clock.systemUTC(),
                UUID::randomUUID,
                OpenTelemetry.noop(),
                schemasOf),
        OrderApp::baseUri);
  }

  /**
   * Starts the app with a consumer and a topic that no other test uses, parking after 2 attempts.
   */
  public static OrderAppFixture start(OutboxStack stack) {
    return start(stack, 2);
  }

  /** The same, parking after {@code maxAttempts}. */
  public static OrderAppFixture start(OutboxStack stack, int maxAttempts) {
    return start(stack, maxAttempts, CatalogSchemas::fromClasspath);
  }

  /**
   * The same, validating against the schemas {@code schemasOf} makes of the app's catalogs instead
   * of those on its class path (other compatibility rules, say).
   */
  public static OrderAppFixture start(
      OutboxStack stack,
      int maxAttempts,
      BiFunction<EventCatalog<OrderEvent>, EventCatalog<CustomerEvent>, EventSchemas> schemasOf) {
    return new OrderAppFixture(stack, maxAttempts, schemasOf);
  }

  public String customerTopic() {
    return topic();
  }

  /** Publishes a customer event as customer-app's relay would, with a fresh event id. */
  public void publish(CustomerEvent event) {
    records()
        .send(
            CloudEventRecords.record(
                topic(),
                CustomerEvent.AGGREGATE_TYPE,
                event.customerId().toString(),
                event.version(),
                event));
  }

  /** A customer state at {@code version}, as customer-app would publish it. */
  public static CustomerState customer(UUID id, long version, String creditLimit) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return new CustomerState(
        id,
        "Customer " + id.toString().substring(0, 8),
        "c" + version + "@example.com",
        "Street " + version + ", Town",
        new PostalAddress("Street " + version, "Town"),
        new BigDecimal(creditLimit),
        new BigDecimal("0.00"),
        version,
        now,
        now,
        null);
  }

  /** Publishes CustomerCreated and waits until the replica has it. */
  public UUID knownCustomer() {
    return knownCustomer(UUID.randomUUID());
  }

  /** Publishes CustomerCreated of {@code id} and waits until the replica has it. */
  public UUID knownCustomer(UUID id) {
    publish(new CustomerCreated(customer(id, 1, "1000.00")));
    awaitReplicaVersion(id, 1);
    return id;
  }

  /** Publishes CustomerCreated then CustomerDeleted and waits until the replica has both. */
  public UUID deletedCustomer() {
    UUID id = knownCustomer();
    CustomerState state = customer(id, 2, "1000.00");
    publish(
        new CustomerDeleted(
            new CustomerState(
                id,
                state.name(),
                state.email(),
                state.address(),
                state.postalAddress(),
                state.creditLimit(),
                state.reservedCredit(),
                2,
                state.createdAt(),
                state.updatedAt(),
                state.updatedAt())));
    awaitReplicaVersion(id, 2);
    return id;
  }

  public void awaitReplicaVersion(UUID id, long version) {
    await().atMost(WAIT).until(() -> replicaVersion(id) == version);
  }

  public long replicaVersion(UUID id) {
    return sql()
        .select(CUSTOMER_REPLICA.VERSION)
        .from(CUSTOMER_REPLICA)
        .where(CUSTOMER_REPLICA.ID.eq(id))
        .fetchOptional(CUSTOMER_REPLICA.VERSION)
        .orElse(0L);
  }
}
