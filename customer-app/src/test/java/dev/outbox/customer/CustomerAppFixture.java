package dev.outbox.customer;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.testing.AppFixture;

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

  private CustomerAppFixture(OutboxStack stack, int maxAttempts) {
    super(
        stack,
        APP,
        maxAttempts,
        env -> CustomerApp.start(CustomerAppConfig.fromEnvironment(env)),
        CustomerApp::baseUri);
  }

  /** Starts the app with a consumer and a topic that no other test uses. */
  public static CustomerAppFixture start(OutboxStack stack, int maxAttempts) {
    return new CustomerAppFixture(stack, maxAttempts);
  }

  /** The topic the app consumes order events from. */
  public String orderTopic() {
    return topic();
  }
}
