package dev.outbox.order.events;

import dev.outbox.client.event.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order was placed and waits for its credit check: {@code status} is PENDING and {@code total}
 * the amount customer-app must reserve.
 */
@EventType("OrderPlaced")
public record OrderPlaced(
    UUID orderId,
    UUID customerId,
    String status,
    BigDecimal total,
    List<Line> lines,
    long version,
    Instant placedAt)
    implements OrderEvent {

  public OrderPlaced {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(total, "total");
    lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    total = Amounts.of(total);
  }

  /** One line of the order. */
  public record Line(String sku, int quantity, BigDecimal unitPrice) {

    public Line {
      unitPrice = Amounts.of(unitPrice);
    }
  }
}
