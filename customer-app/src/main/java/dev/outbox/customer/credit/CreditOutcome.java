package dev.outbox.customer.credit;

import dev.outbox.customer.domain.CreditDecision;
import dev.outbox.customer.domain.Customer;
import java.util.UUID;

/** What the credit check did with an order. */
public sealed interface CreditOutcome {

  /** Decided now: the customer's new state and the event were written. */
  record Decided(CreditDecision decision, Customer customer) implements CreditOutcome {}

  /** Decided before (the same order seen again under another event id): nothing written. */
  record AlreadyDecided(UUID orderId) implements CreditOutcome {}

  /** customer-app never had this customer, so there is no aggregate to decide on. */
  record UnknownCustomer(UUID customerId) implements CreditOutcome {}
}
