package dev.outbox.customer.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a client may set on a customer. The HTTP layer validates input field by field before it
 * builds one; the checks here guard the invariants the database also enforces.
 */
public record CustomerDetails(String name, String email, String address, BigDecimal creditLimit) {

  public CustomerDetails {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(creditLimit, "creditLimit");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name cannot be blank");
    }
    if (email.isBlank()) {
      throw new IllegalArgumentException("email cannot be blank");
    }
    if (creditLimit.signum() < 0) {
      throw new IllegalArgumentException("creditLimit cannot be negative");
    }
    creditLimit = Money.normalize(creditLimit);
  }
}
