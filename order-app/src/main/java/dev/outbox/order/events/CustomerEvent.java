package dev.outbox.order.events;

import java.util.UUID;

/**
 * order-app's own copy of customer-app's customer events, consumed from {@code customer.events}.
 * Each carries the customer's full state after the change, which the replica stores; the credit
 * decisions also name the order they decide; a {@link CustomerSnapshot} (a backfill's) carries the
 * current state without a change. The contract test keeps this copy and customer-app's reading the
 * same JSON examples.
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
