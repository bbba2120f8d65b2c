package dev.outbox.customer.events;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts in events always carry two decimals. A JSON reader may hand over {@code 1E+3} for {@code
 * 1000.00} (Jackson's trees strip trailing zeros), so records restore the scale when built.
 */
final class Amounts {

  private Amounts() {}

  /**
   * @throws ArithmeticException when the amount has more than two decimals that are not zero
   */
  static BigDecimal of(BigDecimal amount) {
    return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY);
  }
}
