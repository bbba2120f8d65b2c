package dev.outbox.customer.events;

import dev.outbox.client.event.EventType;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * An order's total was reserved against the customer's credit limit. {@code customer} is the
 * customer's state after the reservation.
 */
@EventType(value = "CreditReserved", schemaVersion = 2)
public record CreditReserved(UUID orderId, BigDecimal amount, CustomerState customer)
    implements CustomerEvent {

  public CreditReserved {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(customer, "customer");
    amount = Amounts.of(amount);
  }
}
