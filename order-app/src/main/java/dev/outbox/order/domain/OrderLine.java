package dev.outbox.order.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

  public OrderLine {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(unitPrice, "unitPrice");
    if (sku.isBlank()) {
      throw new IllegalArgumentException("sku cannot be blank");
    }
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
    }
    if (unitPrice.signum() < 0) {
      throw new IllegalArgumentException("unitPrice cannot be negative");
    }
    unitPrice = Money.normalize(unitPrice);
  }

  /** Quantity times unit price. */
  public BigDecimal total() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
