package dev.outbox.customer.events;

import dev.outbox.client.event.EventType;
import java.util.Objects;

/**
 * The customer's current state, republished by a backfill rather than by a change: {@code customer}
 * is its state now, and its version the customer's current one. The database emits it (the {@code
 * customer_state} view and the platform's {@code backfill_step}); this record is its Java form,
 * which the view's payload must equal. A consumer treats it as a state event only: it updates a
 * copy when newer, and never triggers what a change would (a credit decision).
 */
@EventType(value = "CustomerSnapshot", schemaVersion = 2)
public record CustomerSnapshot(CustomerState customer) implements CustomerEvent {

  public CustomerSnapshot {
    Objects.requireNonNull(customer, "customer");
  }
}
