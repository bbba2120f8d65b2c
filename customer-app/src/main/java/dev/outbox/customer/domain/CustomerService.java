package dev.outbox.customer.domain;

import dev.outbox.customer.events.CustomerCreated;
import dev.outbox.customer.events.CustomerDeleted;
import dev.outbox.customer.events.CustomerUpdated;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The changes clients ask for. Each writes the customer row and its event in one transaction, or
 * nothing at all; a change that cannot be made is a {@link CustomerResult}, not an exception.
 */
public final class CustomerService {

  private final CustomerTransactions transactions;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public CustomerService(CustomerTransactions transactions, Clock clock, Supplier<UUID> ids) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** Creates a customer at version 1 and emits {@code CustomerCreated}. */
  public Customer create(CustomerDetails details) {
    Customer customer = Customer.create(ids.get(), details, clock.instant());
    return transactions.inTransaction(
        work -> {
          work.insert(customer);
          work.append(new CustomerCreated(CustomerStates.of(customer)));
          return customer;
        });
  }

  /**
   * Replaces a customer's details and emits {@code CustomerUpdated}.
   *
   * @param expectedVersion the version the client read, when it sent one
   */
  public CustomerResult update(UUID id, CustomerDetails details, OptionalLong expectedVersion) {
    return transactions.inTransaction(
        work ->
            change(
                work,
                id,
                expectedVersion,
                current -> {
                  Customer next = current.update(details, clock.instant());
                  work.update(next);
                  work.append(new CustomerUpdated(CustomerStates.of(next)));
                  return next;
                }));
  }

  /**
   * Marks a customer deleted and emits {@code CustomerDeleted}. The row stays, so that its history
   * and its version go on making sense to every consumer.
   */
  public CustomerResult delete(UUID id, OptionalLong expectedVersion) {
    return transactions.inTransaction(
        work ->
            change(
                work,
                id,
                expectedVersion,
                current -> {
                  Customer next = current.delete(clock.instant());
                  work.update(next);
                  work.append(new CustomerDeleted(CustomerStates.of(next)));
                  return next;
                }));
  }

  /** The customer, deleted or not. */
  public Optional<Customer> find(UUID id) {
    return transactions.find(id);
  }

  private static CustomerResult change(
      CustomerUnitOfWork work,
      UUID id,
      OptionalLong expectedVersion,
      java.util.function.UnaryOperator<Customer> change) {
    Optional<Customer> found = work.lock(id);
    if (found.isEmpty()) {
      return new CustomerResult.NotFound(id);
    }
    Customer current = found.get();
    if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
      return new CustomerResult.VersionConflict(id, expectedVersion.getAsLong(), current.version());
    }
    if (current.isDeleted()) {
      return new CustomerResult.AlreadyDeleted(id, current.version());
    }
    return new CustomerResult.Changed(change.apply(current));
  }
}
