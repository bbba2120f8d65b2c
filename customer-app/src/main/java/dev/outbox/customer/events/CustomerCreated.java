package dev.outbox.customer.events;

import dev.outbox.client.event.EventType;
import java.util.Objects;

/** A customer was created; {@code customer} is its state after the change. */
@EventType(value = "CustomerCreated", schemaVersion = 2)
public record CustomerCreated(CustomerState customer) implements CustomerEvent {

  public CustomerCreated {
    Objects.requireNonNull(customer, "customer");
  }
}
