package dev.outbox.order.replica;

import dev.outbox.client.consume.EventEnvelope;
import dev.outbox.client.consume.EventHandler;
import dev.outbox.client.consume.PermanentEventException;
import dev.outbox.order.domain.CreditApplication;
import dev.outbox.order.domain.CreditOutcome;
import dev.outbox.order.events.CreditRejected;
import dev.outbox.order.events.CreditReserved;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.store.JooqOrderTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each customer event inside the consumer's transaction (the one holding its inbox row):
 * the replica takes the event's customer state, guarded by version; a credit decision also moves
 * its order to CONFIRMED or REJECTED. A {@code CustomerSnapshot} is a state event only.
 */
public final class CustomerEventsHandler implements EventHandler<CustomerEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerEventsHandler.class);

  private final CustomerReplicaStore replica;
  private final JooqOrderTransactions orders;
  private final CreditApplication credit;
  private final MeterRegistry registry;

  public CustomerEventsHandler(
      CustomerReplicaStore replica,
      JooqOrderTransactions orders,
      CreditApplication credit,
      MeterRegistry registry) {
    this.replica = Objects.requireNonNull(replica, "replica");
    this.orders = Objects.requireNonNull(orders, "orders");
    this.credit = Objects.requireNonNull(credit, "credit");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void handle(DSLContext tx, EventEnvelope<CustomerEvent> envelope) {
    CustomerEvent event = envelope.event();
    requireConsistent(envelope, event);
    if (replica.upsert(tx, event.customer())) {
      LOG.debug(
          "CustomerReplica - {} {} applied at version {}",
          envelope.type(),
          event.customerId(),
          event.version());
    } else {
      registry.counter("order.replica.unchanged").increment();
      LOG.debug(
          "CustomerReplica - {} {} v{} is not newer than the replica: unchanged",
          envelope.type(),
          event.customerId(),
          event.version());
    }
    // Only a credit decision decides an order. A CustomerSnapshot (a backfill's) is a state event
    // only, even when the customer's newest change was a credit decision: its state went to the
    // replica above, and no order moves.
    CreditOutcome outcome = null;
    if (event instanceof CreditReserved reserved) {
      outcome = new CreditOutcome.Reserved(reserved.orderId());
    } else if (event instanceof CreditRejected rejected) {
      outcome = new CreditOutcome.Rejected(rejected.orderId(), rejected.reason());
    }
    if (outcome != null) {
      CreditApplication.Applied applied = credit.apply(orders.joining(tx), outcome);
      registry.counter("order.credit.outcomes", "applied", applied.name()).increment();
      switch (applied) {
        case CONFIRMED, REJECTED ->
            LOG.info("OrderCredit - order {} is now {}", outcome.orderId(), applied);
        case ALREADY_DECIDED ->
            LOG.debug("OrderCredit - order {} was already decided", outcome.orderId());
        case UNKNOWN_ORDER ->
            // Not parked: parking would hold back this customer's later events for the replica.
            LOG.warn(
                "OrderCredit - {} names order {}, which order-app does not have; replica updated",
                envelope.type(),
                outcome.orderId());
      }
    }
  }

  private static void requireConsistent(
      EventEnvelope<CustomerEvent> envelope, CustomerEvent event) {
    if (!event.customerId().toString().equals(envelope.aggregateId())
        || event.version() != envelope.aggregateVersion()) {
      throw new PermanentEventException(
          envelope.type()
              + " payload is customer "
              + event.customerId()
              + " v"
              + event.version()
              + " but its headers say "
              + envelope.aggregateId()
              + " v"
              + envelope.aggregateVersion());
    }
  }
}
