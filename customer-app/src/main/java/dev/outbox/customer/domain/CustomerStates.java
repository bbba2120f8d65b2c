package dev.outbox.customer.domain;

import dev.outbox.customer.events.CustomerState;
import dev.outbox.customer.events.PostalAddress;

/** Maps the domain's customer to the state that its events carry. */
public final class CustomerStates {

  private CustomerStates() {}

  /**
   * The event view of a customer: its columns, and the postal address derived from its address line
   * ({@link PostalAddress#fromLine}, the one place customer-app parses it).
   */
  public static CustomerState of(Customer c) {
    return new CustomerState(
        c.id(),
        c.name(),
        c.email(),
        c.address(),
        PostalAddress.fromLine(c.address()),
        c.creditLimit(),
        c.reservedCredit(),
        c.version(),
        c.createdAt(),
        c.updatedAt(),
        c.deletedAt());
  }
}
