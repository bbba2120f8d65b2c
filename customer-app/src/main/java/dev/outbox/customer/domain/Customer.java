package dev.outbox.customer.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer as customer-app owns it. Immutable: every change returns the next state with the
 * version moved by one, which is also the version of the event that the change emits.
 *
 * @param reservedCredit the total of the orders whose credit was reserved
 * @param deletedAt set once the customer is deleted; a deleted customer never changes again
 */
public record Customer(
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

  public Customer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(creditLimit, "creditLimit");
    Objects.requireNonNull(reservedCredit, "reservedCredit");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
    creditLimit = Money.normalize(creditLimit);
    reservedCredit = Money.normalize(reservedCredit);
  }

  /** A new customer at version 1. */
  public static Customer create(UUID id, CustomerDetails details, Instant now) {
    Instant at = truncate(now);
    return new Customer(
        id,
        details.name(),
        details.email(),
        details.address(),
        details.creditLimit(),
        BigDecimal.ZERO,
        1,
        at,
        at,
        null);
  }

  /** True once deleted. */
  public boolean isDeleted() {
    return deletedAt != null;
  }

  /** The next state with new details. */
  public Customer update(CustomerDetails details, Instant now) {
    requireNotDeleted();
    return new Customer(
        id,
        details.name(),
        details.email(),
        details.address(),
        details.creditLimit(),
        reservedCredit,
        version + 1,
        createdAt,
        truncate(now),
        null);
  }

  /** The next state, deleted. */
  public Customer delete(Instant now) {
    requireNotDeleted();
    Instant at = truncate(now);
    return new Customer(
        id, name, email, address, creditLimit, reservedCredit, version + 1, createdAt, at, at);
  }

  /** The next state with {@code amount} more credit reserved. */
  public Customer reserve(BigDecimal amount, Instant now) {
    requireNotDeleted();
    return new Customer(
        id,
        name,
        email,
        address,
        creditLimit,
        reservedCredit.add(amount),
        version + 1,
        createdAt,
        truncate(now),
        null);
  }

  /**
   * The next state after a rejected credit request: nothing but the version and time move, because
   * a credit decision is an event of this customer and every event moves the version.
   */
  public Customer recordRejection(Instant now) {
    return new Customer(
        id,
        name,
        email,
        address,
        creditLimit,
        reservedCredit,
        version + 1,
        createdAt,
        truncate(now),
        deletedAt);
  }

  /** The credit still available: the limit less what is reserved. */
  public BigDecimal availableCredit() {
    return creditLimit.subtract(reservedCredit);
  }

  private void requireNotDeleted() {
    if (isDeleted()) {
      throw new IllegalStateException("customer " + id + " is deleted");
    }
  }

  // PostgreSQL keeps microseconds: truncating here keeps what is stored equal to what is emitted.
  private static Instant truncate(Instant now) {
    return now.truncatedTo(ChronoUnit.MICROS);
  }
}
