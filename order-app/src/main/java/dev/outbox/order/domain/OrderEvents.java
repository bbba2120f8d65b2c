package dev.outbox.order.domain;

import dev.outbox.order.events.OrderPlaced;

/** Maps orders to the events they emit. */
final class OrderEvents {

  private OrderEvents() {}

  static OrderPlaced placed(Order order) {
    return new OrderPlaced(
        order.id(),
        order.customerId(),
        order.status().name(),
        order.total(),
        order.lines().stream()
            .map(l -> new OrderPlaced.Line(l.sku(), l.quantity(), l.unitPrice()))
            .toList(),
        order.version(),
        order.createdAt());
  }
}
