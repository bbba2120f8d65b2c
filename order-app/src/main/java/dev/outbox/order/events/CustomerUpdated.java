package dev.outbox.order.events;

import dev.outbox.client.event.EventType;
import java.util.Objects;

/** A customer was updated; {@code customer} is its state after the change. */
@EventType(value = "CustomerUpdated", schemaVersion = 2)
public record CustomerUpdated(CustomerState customer) implements CustomerEvent {

  public CustomerUpdated {
    Objects.requireNonNull(customer, "customer");
  }
}
