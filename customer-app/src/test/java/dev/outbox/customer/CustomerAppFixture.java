package dev.outbox.customer;

import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.events.OrderEvent;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.testing.AppFixture;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A customer-app started on the shared test stack exactly as production starts it, with its own
 * consumer name and its own order topic.
 */
public final class CustomerAppFixture extends AppFixture<CustomerApp> {

  static final App APP =
      new App(
          "customer-app",
          CustomerAppConfig.PREFIX,
          ServiceDatabase.CUSTOMERS,
          CustomerAppConfig.ORDER_TOPIC.name(),
          "order.events");

  private CustomerAppFixture(
      OutboxStack stack,
      int maxAttempts,
      BiFunction<EventCatalog<CustomerEvent>, EventCatalog<OrderEvent>, EventSchemas> schemasOf) {
    super(
        stack,
        APP,
        maxAttempts,
        env ->
            CustomerApp.start(
                CustomerAppConfig.fromEnvironment(env),
                Clock.systemUTC(),
                UUID::randomUUID,
                OpenTelemetry.noop(),
                schemasOf),
        CustomerApp::baseUri);
  }

  /** Starts the app with a consumer and a topic that no other test uses. */
  public static CustomerAppFixture start(OutboxStack stack, int maxAttempts) {
    return start(stack, maxAttempts, CatalogSchemas::fromClasspath);
  }

  /**
   * The same, validating against the schemas {@code schemasOf} makes of the app's catalogs instead
   * of those on its class path (a contract the app breaks, say).
   */
  public static CustomerAppFixture start(
      OutboxStack stack,
      int maxAttempts,
      BiFunction<EventCatalog<CustomerEvent>, EventCatalog<OrderEvent>, EventSchemas> schemasOf) {
    return new CustomerAppFixture(stack, maxAttempts, schemasOf);
  }

  /** The topic the app consumes order events from. */
  public String orderTopic() {
    return topic();
  }
}
