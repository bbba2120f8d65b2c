package dev.outbox.order.domain;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Runs domain work in database transactions. */
public interface OrderTransactions {

  /** Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. */
  <T> T inTransaction(Function<OrderUnitOfWork, T> work);

  /** Reads an order outside of any change. */
  Optional<Order> find(UUID id);
}
