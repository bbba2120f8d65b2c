package dev.outbox.customer.domain;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Runs domain work in database transactions. */
public interface CustomerTransactions {

  /** Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. */
  <T> T inTransaction(Function<CustomerUnitOfWork, T> work);

  /** Reads a customer outside of any change. */
  Optional<Customer> find(UUID id);
}
