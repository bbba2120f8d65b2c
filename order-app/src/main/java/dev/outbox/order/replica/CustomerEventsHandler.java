package dev.outbox.order.replica;

import dev.outbox.client.consume.BatchEventHandler;
import dev.outbox.client.consume.EventEnvelope;
import dev.outbox.client.consume.PermanentEventException;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.order.domain.CreditApplication;
import dev.outbox.order.domain.CreditOutcome;
import dev.outbox.order.events.CreditRejected;
import dev.outbox.order.events.CreditReserved;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.events.CustomerState;
import dev.outbox.order.store.JooqOrderTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies customer events a batch at a time inside the consumer's transaction (the one holding
 * their inbox rows): the replica takes each customer's newest state of the batch in one statement,
 * guarded by version; then each credit decision, in order, moves its order to CONFIRMED or
 * REJECTED. A {@code CustomerSnapshot} is a state event only.
 */
public final class CustomerEventsHandler implements BatchEventHandler<CustomerEvent> {

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
  public void handle(DSLContext tx, List<EventEnvelope<CustomerEvent>> events) {
    // The runtime hands over each customer's events in version order: the last one is its newest.
    Map<UUID, CustomerState> newest = new LinkedHashMap<>();
    for (EventEnvelope<CustomerEvent> envelope : events) {
      requireConsistent(envelope, envelope.event());
      newest.put(envelope.event().customerId(), envelope.event().customer());
    }
    int changed = replica.upsertAll(tx, List.copyOf(newest.values()));
    if (changed < newest.size()) {
      // Not newer than the replica (a row written by a rebuild's reset race, or a version the
      // replica already has): unchanged.
      registry.counter("order.replica.unchanged").increment(newest.size() - (double) changed);
    }
    LOG.debug(
        "CustomerReplica - {} events, {} customers, {} rows changed",
        events.size(),
        newest.size(),
        changed);
    for (EventEnvelope<CustomerEvent> envelope : events) {
      try (ThreadLocalTraceContext.Scope trace = envelope.openTrace()) {
        decideOrder(tx, envelope);
      }
    }
  }

  /**
   * Only a credit decision decides an order. A CustomerSnapshot (a backfill's) is a state event
   * only, even when the customer's newest change was a credit decision: its state went to the
   * replica, and no order moves.
   */
  private void decideOrder(DSLContext tx, EventEnvelope<CustomerEvent> envelope) {
    CustomerEvent event = envelope.event();
    CreditOutcome outcome = null;
    if (event instanceof CreditReserved reserved) {
      outcome = new CreditOutcome.Reserved(reserved.orderId());
    } else if (event instanceof CreditRejected rejected) {
      outcome = new CreditOutcome.Rejected(rejected.orderId(), rejected.reason());
    }
    if (outcome == null) {
      return;
    }
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
