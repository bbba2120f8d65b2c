package dev.outbox.service.http;

import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;

/**
 * A JSON number that keeps its text as sent ({@code 100.000}, {@code 1e2}, {@code -0}), so that
 * {@link JsonFields} can refuse what a {@link BigDecimal} would silently normalise.
 */
final class NumberLiteral extends DecimalNode {

  private static final long serialVersionUID = 1L;

  private final String literal;

  NumberLiteral(String literal) {
    super(new BigDecimal(literal));
    this.literal = literal;
  }

  /** The number's text in the request. */
  String literal() {
    return literal;
  }

  @Override
  public boolean isIntegralNumber() {
    return JsonNumbers.isPlainInteger(literal);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumberLiteral other && other.literal.equals(literal);
  }

  @Override
  public int hashCode() {
    return literal.hashCode();
  }
}
