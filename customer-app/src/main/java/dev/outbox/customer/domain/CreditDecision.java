package dev.outbox.customer.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** customer-app's answer to an order's credit request. */
public sealed interface CreditDecision {

  /** The order's total fits the customer's available credit and is now reserved. */
  record Reserved(BigDecimal amount) implements CreditDecision {
    public Reserved {
      Objects.requireNonNull(amount, "amount");
    }
  }

  /** The order is refused, with a reason for people. */
  record Rejected(BigDecimal amount, String reason) implements CreditDecision {
    public Rejected {
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The credit check: the customer is not deleted and its reserved credit plus this order stays
   * within its credit limit.
   */
  static CreditDecision decide(Customer customer, BigDecimal amount) {
    if (customer.isDeleted()) {
      return new Rejected(amount, "customer " + customer.id() + " is deleted");
    }
    BigDecimal wanted = customer.reservedCredit().add(amount);
    if (wanted.compareTo(customer.creditLimit()) > 0) {
      return new Rejected(
          amount,
          "credit limit "
              + customer.creditLimit().toPlainString()
              + " exceeded: "
              + customer.reservedCredit().toPlainString()
              + " reserved, "
              + amount.toPlainString()
              + " requested");
    }
    return new Reserved(amount);
  }
}
