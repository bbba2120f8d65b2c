package dev.outbox.order.domain;

import dev.outbox.order.events.OrderEvent;
import java.util.Optional;
import java.util.UUID;

/** What the domain needs from one database transaction: the replica, the orders and the outbox. */
public interface OrderUnitOfWork {

  /** The replica's view of a customer; holds a share lock on its row until the end. */
  CustomerStanding customerStanding(UUID customerId);

  /** Writes a new order with its lines. */
  void insert(Order order);

  /** The order, locked until the transaction ends. */
  Optional<Order> lock(UUID orderId);

  /** Writes an order's new status; the row must be at {@code order.version() - 1}. */
  void updateStatus(Order order);

  /** Appends an event of an order; its aggregate version is the order's version after it. */
  void append(UUID orderId, long version, OrderEvent event);
}
