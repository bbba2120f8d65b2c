package dev.outbox.order.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts as the database stores them: {@code numeric(14, 2)}. */
public final class Money {

  /** The largest amount a {@code numeric(14, 2)} column holds. */
  public static final BigDecimal MAX = new BigDecimal("999999999999.99");

  private Money() {}

  /**
   * Scales an amount to two decimals.
   *
   * @throws ArithmeticException when the amount has more than two decimals that are not zero
   */
  public static BigDecimal normalize(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.UNNECESSARY);
  }
}
