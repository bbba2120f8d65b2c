package dev.outbox.order.events;

import dev.outbox.client.event.EventType;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * An order was refused credit, for {@code reason}. {@code customer} is the customer's state after
 * the decision: only its version and update time moved.
 */
@EventType(value = "CreditRejected", schemaVersion = 2)
public record CreditRejected(UUID orderId, BigDecimal amount, String reason, CustomerState customer)
    implements CustomerEvent {

  public CreditRejected {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(customer, "customer");
    amount = Amounts.of(amount);
  }
}
