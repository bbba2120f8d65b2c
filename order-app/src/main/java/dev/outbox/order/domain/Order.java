package dev.outbox.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A purchase order. Placed PENDING; customer-app's credit decision moves it once to CONFIRMED or
 * REJECTED (the compensation for an order accepted on a stale replica). Each move bumps the
 * version.
 *
 * @param rejectReason why it was rejected; null otherwise
 */
public record Order(
    UUID id,
    UUID customerId,
    OrderStatus status,
    BigDecimal total,
    List<OrderLine> lines,
    String rejectReason,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    lines = List.copyOf(lines);
    total = Money.normalize(total);
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
  }

  /**
   * A new PENDING order at version 1 whose total is the sum of its lines.
   *
   * @throws IllegalArgumentException when there are no lines
   */
  public static Order place(UUID id, UUID customerId, List<OrderLine> lines, Instant now) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an order needs at least one line");
    }
    BigDecimal total = totalOf(lines);
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return new Order(id, customerId, OrderStatus.PENDING, total, lines, null, 1, at, at);
  }

  /** The sum of {@code lines}, as {@link #place} computes it. */
  public static BigDecimal totalOf(List<OrderLine> lines) {
    return lines.stream().map(OrderLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** True while waiting for the credit decision. */
  public boolean isPending() {
    return status == OrderStatus.PENDING;
  }

  /** The next state, CONFIRMED. */
  public Order confirm(Instant now) {
    requirePending();
    return new Order(
        id,
        customerId,
        OrderStatus.CONFIRMED,
        total,
        lines,
        null,
        version + 1,
        createdAt,
        now.truncatedTo(ChronoUnit.MICROS));
  }

  /** The next state, REJECTED for {@code reason}. */
  public Order reject(String reason, Instant now) {
    requirePending();
    return new Order(
        id,
        customerId,
        OrderStatus.REJECTED,
        total,
        lines,
        reason,
        version + 1,
        createdAt,
        now.truncatedTo(ChronoUnit.MICROS));
  }

  private void requirePending() {
    if (!isPending()) {
      throw new IllegalStateException("order " + id + " is already " + status);
    }
  }
}
