package dev.outbox.order.events;

import dev.outbox.client.event.EventType;
import java.util.Objects;

/**
 * order-app's copy of customer-app's {@code CustomerSnapshot}: a customer's current state,
 * republished by a backfill. A state event only: it updates the replica when newer and never
 * decides an order's credit.
 */
@EventType(value = "CustomerSnapshot", schemaVersion = 2)
public record CustomerSnapshot(CustomerState customer) implements CustomerEvent {

  public CustomerSnapshot {
    Objects.requireNonNull(customer, "customer");
  }
}
