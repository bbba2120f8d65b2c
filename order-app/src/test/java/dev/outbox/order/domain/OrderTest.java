package dev.outbox.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {

  private static final Instant NOW = Instant.parse("2026-11-26T13:00:00.123456789Z");
  private static final List<OrderLine> LINES =
      List.of(
          new OrderLine("BOOK-001", 2, new BigDecimal("100")),
          new OrderLine("PEN-042", 5, new BigDecimal("10.50")));

  @Test
  void a_placed_order_is_pending_at_version_1_and_totals_its_lines() {
    Order order = Order.place(UUID.randomUUID(), UUID.randomUUID(), LINES, NOW);

    assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(order.version()).isEqualTo(1);
    assertThat(order.total()).isEqualByComparingTo("252.50");
    assertThat(order.total().scale()).isEqualTo(2);
    assertThat(order.createdAt()).isEqualTo(Instant.parse("2026-11-26T13:00:00.123456Z"));
  }

  @Test
  void an_order_needs_a_line() {
    assertThatThrownBy(() -> Order.place(UUID.randomUUID(), UUID.randomUUID(), List.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_pending_order_is_confirmed_or_rejected_once_moving_its_version() {
    Order order = Order.place(UUID.randomUUID(), UUID.randomUUID(), LINES, NOW);

    Order confirmed = order.confirm(NOW.plusSeconds(1));
    Order rejected = order.reject("over the limit", NOW.plusSeconds(1));

    assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(confirmed.version()).isEqualTo(2);
    assertThat(rejected.status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(rejected.rejectReason()).isEqualTo("over the limit");
    assertThatThrownBy(() -> confirmed.reject("late", NOW))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> rejected.confirm(NOW)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void lines_refuse_zero_quantities_and_negative_prices() {
    assertThatThrownBy(() -> new OrderLine("A", 0, BigDecimal.ONE))
        .hasMessageContaining("quantity");
    assertThatThrownBy(() -> new OrderLine("A", 1, new BigDecimal("-0.01")))
        .hasMessageContaining("unitPrice");
    assertThatThrownBy(() -> new OrderLine("A", 1, new BigDecimal("0.001")))
        .isInstanceOf(ArithmeticException.class);
  }
}
