package dev.outbox.customer.credit;

import dev.outbox.client.consume.EventEnvelope;
import dev.outbox.client.consume.EventHandler;
import dev.outbox.client.consume.PermanentEventException;
import dev.outbox.customer.domain.CreditDecision;
import dev.outbox.customer.events.OrderEvent;
import dev.outbox.customer.events.OrderPlaced;
import dev.outbox.customer.store.JooqCustomerTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each {@code OrderPlaced} with a credit decision, inside the consumer's transaction that
 * also holds the inbox row: the decision, the customer's new version and its event commit together.
 */
public final class OrderPlacedHandler implements EventHandler<OrderEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(OrderPlacedHandler.class);

  private final JooqCustomerTransactions transactions;
  private final CreditCheck creditCheck;
  private final Counter reserved;
  private final Counter rejected;

  public OrderPlacedHandler(
      JooqCustomerTransactions transactions, CreditCheck creditCheck, MeterRegistry registry) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.creditCheck = Objects.requireNonNull(creditCheck, "creditCheck");
    this.reserved = registry.counter("customer.credit.decisions", "decision", "reserved");
    this.rejected = registry.counter("customer.credit.decisions", "decision", "rejected");
  }

  @Override
  public void handle(DSLContext tx, EventEnvelope<OrderEvent> envelope) {
    // One permitted type today; a new one must be handled here before its catalog entry compiles.
    OrderPlaced placed = (OrderPlaced) envelope.event();
    CreditOutcome outcome =
        creditCheck.decide(
            transactions.joining(tx), placed.orderId(), placed.customerId(), placed.total());
    if (outcome instanceof CreditOutcome.Decided decided) {
      if (decided.decision() instanceof CreditDecision.Reserved) {
        reserved.increment();
      } else {
        rejected.increment();
      }
      LOG.info(
          "CreditCheck - order {} of customer {}: {}",
          placed.orderId(),
          placed.customerId(),
          decided.decision() instanceof CreditDecision.Rejected r
              ? "rejected (" + r.reason() + ")"
              : "reserved " + placed.total().toPlainString());
    } else if (outcome instanceof CreditOutcome.AlreadyDecided) {
      LOG.debug("CreditCheck - order {} was already decided", placed.orderId());
    } else {
      // No customer row means no aggregate to put a decision on: park the order for an operator
      // rather than invent a version. order-app only accepts orders for customers it has seen.
      throw new PermanentEventException(
          "OrderPlaced "
              + placed.orderId()
              + " names customer "
              + placed.customerId()
              + ", which customer-app does not know");
    }
  }
}
