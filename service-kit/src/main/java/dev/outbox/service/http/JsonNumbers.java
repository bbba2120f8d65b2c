package dev.outbox.service.http;

import java.util.regex.Pattern;

/** The forms of JSON number text that a request may use where the contract says a number. */
final class JsonNumbers {

  private static final Pattern PLAIN_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

  private JsonNumbers() {}

  /** Digits only, with an optional minus: no fraction, no exponent. */
  static boolean isPlainInteger(String literal) {
    return PLAIN_INTEGER.matcher(literal).matches();
  }

  static boolean hasExponent(String literal) {
    return literal.indexOf('e') >= 0 || literal.indexOf('E') >= 0;
  }

  /** The digits after the decimal point as written, trailing zeros included. */
  static int decimals(String literal) {
    int dot = literal.indexOf('.');
    if (dot < 0) {
      return 0;
    }
    int end = literal.length();
    for (int i = dot + 1; i < literal.length(); i++) {
      if (!Character.isDigit(literal.charAt(i))) {
        end = i;
        break;
      }
    }
    return end - dot - 1;
  }

  /** {@code -0}, {@code -0.00}, {@code -0e5}: a sign a stored number cannot keep. */
  static boolean isNegativeZero(String literal) {
    return literal.startsWith("-") && literal.substring(1).matches("[0.]+([eE][+-]?[0-9]+)?");
  }
}
