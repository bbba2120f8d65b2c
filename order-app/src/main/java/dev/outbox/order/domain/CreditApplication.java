package dev.outbox.order.domain;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Moves an order to CONFIRMED or REJECTED on customer-app's credit decision. */
public final class CreditApplication {

  /** What applying a decision did. */
  public enum Applied {
    CONFIRMED,
    REJECTED,
    /** The order was already decided: a decision arrives once per order, so nothing changes. */
    ALREADY_DECIDED,
    /** order-app has no such order. */
    UNKNOWN_ORDER
  }

  private final Clock clock;

  public CreditApplication(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Applies {@code outcome} in a transaction of {@code transactions}. */
  public Applied apply(OrderTransactions transactions, CreditOutcome outcome) {
    return transactions.inTransaction(
        work -> {
          Optional<Order> found = work.lock(outcome.orderId());
          if (found.isEmpty()) {
            return Applied.UNKNOWN_ORDER;
          }
          Order order = found.get();
          if (!order.isPending()) {
            return Applied.ALREADY_DECIDED;
          }
          if (outcome instanceof CreditOutcome.Rejected rejected) {
            work.updateStatus(order.reject(rejected.reason(), clock.instant()));
            return Applied.REJECTED;
          }
          work.updateStatus(order.confirm(clock.instant()));
          return Applied.CONFIRMED;
        });
  }
}
