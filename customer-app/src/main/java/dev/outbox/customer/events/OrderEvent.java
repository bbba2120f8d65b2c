package dev.outbox.customer.events;

/**
 * customer-app's own copy of the order events it consumes from {@code order.events}. order-app owns
 * the originals; the contract test keeps both copies reading the same JSON examples.
 */
public sealed interface OrderEvent permits OrderPlaced {

  /** The aggregate type of order events. */
  String AGGREGATE_TYPE = "order";
}
