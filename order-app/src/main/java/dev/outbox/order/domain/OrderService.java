package dev.outbox.order.domain;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Placing orders against the local customer replica only: no call to customer-app. An accepted
 * order and its {@code OrderPlaced} commit together; a refused one writes nothing.
 */
public final class OrderService {

  private final OrderTransactions transactions;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public OrderService(OrderTransactions transactions, Clock clock, Supplier<UUID> ids) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** Places a PENDING order when the replica knows the customer as not deleted. */
  public PlaceOrderResult place(UUID customerId, List<OrderLine> lines) {
    return transactions.inTransaction(
        work -> {
          CustomerStanding standing = work.customerStanding(customerId);
          if (standing != CustomerStanding.ACTIVE) {
            return new PlaceOrderResult.CustomerNotAccepted(customerId, standing);
          }
          Order order = Order.place(ids.get(), customerId, lines, clock.instant());
          work.insert(order);
          work.append(order.id(), order.version(), OrderEvents.placed(order));
          return new PlaceOrderResult.Placed(order);
        });
  }

  /** The order. */
  public Optional<Order> find(UUID id) {
    return transactions.find(id);
  }
}
