package dev.outbox.order.domain;

import java.util.UUID;

/** The outcome of placing an order. */
public sealed interface PlaceOrderResult {

  /** Written PENDING with its {@code OrderPlaced} event. */
  record Placed(Order order) implements PlaceOrderResult {}

  /** Refused: the replica does not know the customer, or knows it as deleted. Nothing written. */
  record CustomerNotAccepted(UUID customerId, CustomerStanding standing)
      implements PlaceOrderResult {}
}
