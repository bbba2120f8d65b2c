package dev.outbox.customer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CustomerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T13:00:00.123456789Z");
  private static final CustomerDetails ADA =
      new CustomerDetails("Ada", "ada@example.com", "London", new BigDecimal("100"));

  @Test
  void a_new_customer_is_at_version_1_with_nothing_reserved_and_microsecond_times() {
    Customer c = Customer.create(UUID.randomUUID(), ADA, T0);

    assertThat(c.version()).isEqualTo(1);
    assertThat(c.reservedCredit()).isEqualByComparingTo("0");
    assertThat(c.creditLimit().scale()).isEqualTo(2);
    assertThat(c.createdAt()).isEqualTo(Instant.parse("2026-11-26T13:00:00.123456Z"));
    assertThat(c.isDeleted()).isFalse();
  }

  @Test
  void every_change_moves_the_version_by_one() {
    Customer c = Customer.create(UUID.randomUUID(), ADA, T0);
    Customer updated = c.update(ADA, T0.plusSeconds(1));
    Customer reserved = updated.reserve(new BigDecimal("10.00"), T0.plusSeconds(2));
    Customer rejected = reserved.recordRejection(T0.plusSeconds(3));
    Customer deleted = rejected.delete(T0.plusSeconds(4));

    assertThat(
            java.util.List.of(c, updated, reserved, rejected, deleted).stream()
                .map(Customer::version))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(rejected.reservedCredit()).isEqualByComparingTo("10.00");
    assertThat(deleted.deletedAt())
        .isEqualTo(T0.plusSeconds(4).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(deleted.createdAt()).isEqualTo(c.createdAt());
  }

  @Test
  void a_deleted_customer_cannot_change_but_can_record_a_rejection() {
    Customer deleted = Customer.create(UUID.randomUUID(), ADA, T0).delete(T0);

    assertThatThrownBy(() -> deleted.update(ADA, T0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> deleted.delete(T0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> deleted.reserve(BigDecimal.ONE, T0))
        .isInstanceOf(IllegalStateException.class);
    assertThat(deleted.recordRejection(T0).deletedAt()).isEqualTo(deleted.deletedAt());
  }

  @Test
  void details_refuse_blank_names_and_negative_limits() {
    assertThatThrownBy(() -> new CustomerDetails(" ", "a@b", "x", BigDecimal.ONE))
        .hasMessageContaining("name");
    assertThatThrownBy(() -> new CustomerDetails("A", "a@b", "x", new BigDecimal("-1")))
        .hasMessageContaining("creditLimit");
  }
}
