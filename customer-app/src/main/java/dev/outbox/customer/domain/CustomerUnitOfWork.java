package dev.outbox.customer.domain;

import dev.outbox.customer.events.CustomerEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the domain needs from one database transaction: its customer rows, its credit decisions and
 * its outbox. Everything done through one instance commits or rolls back together.
 */
public interface CustomerUnitOfWork {

  /** The customer, locked until the transaction ends, or empty when there is no such id. */
  Optional<Customer> lock(UUID id);

  /** Writes a new customer row. */
  void insert(Customer customer);

  /**
   * Overwrites the row of {@code customer.id()}, which must be at {@code customer.version() - 1}.
   */
  void update(Customer customer);

  /** Appends the event of a change; its aggregate version is the customer's version after it. */
  void append(CustomerEvent event);

  /** True when the order's credit has already been decided. */
  boolean creditDecided(UUID orderId);

  /** Records the decision about an order's credit. */
  void recordCreditDecision(UUID orderId, UUID customerId, CreditDecision decision, Instant at);
}
