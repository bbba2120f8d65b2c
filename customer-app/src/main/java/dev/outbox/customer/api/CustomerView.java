package dev.outbox.customer.api;

import dev.outbox.customer.domain.Customer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A customer as the HTTP API shows it. */
record CustomerView(
    UUID id,
    String name,
    String email,
    String address,
    BigDecimal creditLimit,
    BigDecimal reservedCredit,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt) {

  static CustomerView of(Customer c) {
    return new CustomerView(
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
