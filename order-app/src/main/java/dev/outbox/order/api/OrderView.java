package dev.outbox.order.api;

import dev.outbox.order.domain.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the HTTP API shows it. */
record OrderView(
    UUID id,
    UUID customerId,
    String status,
    BigDecimal total,
    String rejectReason,
    List<Line> lines,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  record Line(String sku, int quantity, BigDecimal unitPrice) {}

  static OrderView of(Order o) {
    return new OrderView(
        o.id(),
        o.customerId(),
        o.status().name(),
        o.total(),
        o.rejectReason(),
        o.lines().stream().map(l -> new Line(l.sku(), l.quantity(), l.unitPrice())).toList(),
        o.version(),
        o.createdAt(),
        o.updatedAt());
  }
}
