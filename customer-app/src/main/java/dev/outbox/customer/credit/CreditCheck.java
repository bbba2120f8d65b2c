package dev.outbox.customer.credit;

import dev.outbox.customer.domain.CreditDecision;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerStates;
import dev.outbox.customer.domain.CustomerTransactions;
import dev.outbox.customer.events.CreditRejected;
import dev.outbox.customer.events.CreditReserved;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides an order's credit against its customer, in one transaction that writes the decision, the
 * customer's next version and its {@code CreditReserved} or {@code CreditRejected} event.
 */
public final class CreditCheck {

  private final Clock clock;

  public CreditCheck(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Decides {@code orderId}'s credit; runs in a transaction of {@code transactions}. */
  public CreditOutcome decide(
      CustomerTransactions transactions, UUID orderId, UUID customerId, BigDecimal amount) {
    return transactions.inTransaction(
        work -> {
          if (work.creditDecided(orderId)) {
            return new CreditOutcome.AlreadyDecided(orderId);
          }
          Optional<Customer> found = work.lock(customerId);
          if (found.isEmpty()) {
            return new CreditOutcome.UnknownCustomer(customerId);
          }
          Customer current = found.get();
          Instant now = clock.instant();
          CreditDecision decision = CreditDecision.decide(current, amount);
          Customer next;
          if (decision instanceof CreditDecision.Reserved reserved) {
            next = current.reserve(reserved.amount(), now);
            work.update(next);
            work.append(new CreditReserved(orderId, reserved.amount(), CustomerStates.of(next)));
          } else {
            CreditDecision.Rejected rejected = (CreditDecision.Rejected) decision;
            next = current.recordRejection(now);
            work.update(next);
            work.append(
                new CreditRejected(
                    orderId, rejected.amount(), rejected.reason(), CustomerStates.of(next)));
          }
          work.recordCreditDecision(orderId, customerId, decision, now);
          return new CreditOutcome.Decided(decision, next);
        });
  }
}
