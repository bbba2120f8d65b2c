package dev.outbox.cli.console;

import java.util.Map;

/**
 * The reference deployment's topics and consumers by their default names, for the flow picture
 * before the processes tell (a relay names its topics in its metrics once it relayed an event, an
 * app of a {@code bin/outbox up} run has its consumer and topic in the run's file).
 */
final class ReferenceFlow {

  /** The topic each database's relay publishes to. */
  static final Map<String, String> TOPIC_OF_DATABASE =
      Map.of("customers", "customer.events", "orders", "order.events");

  /** Each app's consumer. */
  static final Map<String, String> CONSUMER_OF_APP =
      Map.of(
          "customer-app", "customer-app.credit-check", "order-app", "order-app.customer-replica");

  /** The topic each consumer reads. */
  static final Map<String, String> TOPIC_OF_CONSUMER =
      Map.of(
          "customer-app.credit-check", "order.events",
          "order-app.customer-replica", "customer.events");

  private ReferenceFlow() {}
}
