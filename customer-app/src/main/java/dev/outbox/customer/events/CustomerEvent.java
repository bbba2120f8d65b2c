package dev.outbox.customer.events;

import java.util.UUID;

/**
 * The events of the customer aggregate, published on {@code customer.events} keyed by the customer
 * id. Each carries the customer's full state after the change; its version is the aggregate
 * version. Credit decisions are customer events too: they change the customer's reserved credit (or
 * record a refusal) and move its version like any other change. A {@link CustomerSnapshot} carries
 * the current state without a change (a backfill republishes it), at the current version.
 */
public sealed interface CustomerEvent
    permits CustomerCreated,
        CustomerUpdated,
        CustomerDeleted,
        CreditReserved,
        CreditRejected,
        CustomerSnapshot {

  /** The aggregate type of every customer event: the topic is {@code customer.events}. */
  String AGGREGATE_TYPE = "customer";

  /** The customer's state after the change. */
  CustomerState customer();

  /** The customer id, the Kafka key. */
  default UUID customerId() {
    return customer().id();
  }

  /** The customer's version after the change. */
  default long version() {
    return customer().version();
  }
}
