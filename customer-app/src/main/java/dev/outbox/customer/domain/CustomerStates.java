package dev.outbox.customer.domain;

import dev.outbox.customer.events.CustomerState;

/** Maps the domain's customer to the state that its events carry. */
public final class CustomerStates {

  private CustomerStates() {}

  /** The event view of a customer. */
  public static CustomerState of(Customer c) {
    return new CustomerState(
        c.id(),
        c.name(),
        c.email(),
        c.address(),
        c.creditLimit(),
        c.reservedCredit(),
        c.version(),
        c.createdAt(),
        c.updatedAt(),
        c.deletedAt());
  }
}
