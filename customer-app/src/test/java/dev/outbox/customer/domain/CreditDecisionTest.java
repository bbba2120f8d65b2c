package dev.outbox.customer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CreditDecisionTest {

  private static final Instant NOW = Instant.parse("2026-11-26T13:00:00Z");

  private static Customer customerWith(String limit, String reserved) {
    Customer c =
        Customer.create(
            UUID.randomUUID(),
            new CustomerDetails("A", "a@example.com", "x", new BigDecimal(limit)),
            NOW);
    return reserved.equals("0") ? c : c.reserve(new BigDecimal(reserved), NOW);
  }

  @Test
  void an_order_within_the_available_credit_is_reserved() {
    assertThat(CreditDecision.decide(customerWith("100", "40"), new BigDecimal("60")))
        .isInstanceOf(CreditDecision.Reserved.class);
  }

  @Test
  void an_order_beyond_the_available_credit_is_rejected_with_the_figures() {
    CreditDecision decision =
        CreditDecision.decide(customerWith("100", "40"), new BigDecimal("60.01"));

    assertThat(decision).isInstanceOf(CreditDecision.Rejected.class);
    assertThat(((CreditDecision.Rejected) decision).reason())
        .isEqualTo("credit limit 100.00 exceeded: 40.00 reserved, 60.01 requested");
  }

  @Test
  void a_deleted_customer_gets_no_credit() {
    Customer deleted = customerWith("100", "0").delete(NOW);

    CreditDecision decision = CreditDecision.decide(deleted, BigDecimal.ONE);

    assertThat(decision).isInstanceOf(CreditDecision.Rejected.class);
    assertThat(((CreditDecision.Rejected) decision).reason()).endsWith("is deleted");
  }

  @Test
  void a_zero_limit_still_accepts_a_free_order() {
    assertThat(CreditDecision.decide(customerWith("0", "0"), BigDecimal.ZERO))
        .isInstanceOf(CreditDecision.Reserved.class);
  }
}
