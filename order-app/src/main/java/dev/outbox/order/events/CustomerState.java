package dev.outbox.order.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The full state of a customer after a change, as every customer event carries it, so that a
 * consumer's copy is the latest event's state and needs no earlier one.
 *
 * @param address the address as one line, as the client sent it
 * @param postalAddress the same address as street and city, as customer-app derives it from {@code
 *     address} (schema v2; order-app derives it by the same rule for v1 events, {@link
 *     PostalAddress#fromLine}), null when {@code address} is blank
 * @param deletedAt null unless deleted
 */
public record CustomerState(
    UUID id,
    String name,
    String email,
    String address,
    PostalAddress postalAddress,
    BigDecimal creditLimit,
    BigDecimal reservedCredit,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt) {

  public CustomerState {
    creditLimit = Amounts.of(creditLimit);
    reservedCredit = Amounts.of(reservedCredit);
  }
}
