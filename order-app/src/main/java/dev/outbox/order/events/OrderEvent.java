package dev.outbox.order.events;

/**
 * The events of the order aggregate, published on {@code order.events} keyed by the order id. Each
 * carries the order's version after the change as the aggregate version.
 */
public sealed interface OrderEvent permits OrderPlaced {

  /** The aggregate type of every order event: the topic is {@code order.events}. */
  String AGGREGATE_TYPE = "order";
}
