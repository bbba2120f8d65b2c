package dev.outbox.order.events;

import dev.outbox.client.event.EventType;
import java.util.Objects;

/** A customer was deleted; {@code customer} is its state after the change. */
@EventType(value = "CustomerDeleted", schemaVersion = 2)
public record CustomerDeleted(CustomerState customer) implements CustomerEvent {

  public CustomerDeleted {
    Objects.requireNonNull(customer, "customer");
  }
}
