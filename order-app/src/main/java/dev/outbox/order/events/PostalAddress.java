package dev.outbox.order.events;

import java.util.Objects;

/**
 * order-app's copy of the customer's address as street and city (schema v2 of every customer
 * event), which customer-app derives from the one-line {@code address}.
 *
 * @param street never blank
 * @param city null when the address names none
 */
public record PostalAddress(String street, String city) {

  public PostalAddress {
    Objects.requireNonNull(street, "street");
  }

  /**
   * The rule customer-app derives a postal address from an address line by, in order-app's own
   * words: it upcasts the events an older customer-app wrote (v1, which had only the line) and
   * fills the replica's rows of before the street and city columns (orders V3, in SQL). It MUST
   * stay the same as customer-app's ({@code dev.outbox.customer.events.PostalAddress.fromLine}, and
   * the JSON schemas' description of {@code postalAddress}); a v1 and a v2 event of the same
   * customer would otherwise give the replica different streets.
   *
   * <p>The line is split at its last comma: street the text before it, city the text after it, each
   * trimmed of spaces, tabs and line breaks (U+0020, U+0009, U+000A, U+000D); the city is null when
   * nothing is left after the comma. A line without a comma, or with nothing but those characters
   * before its last comma, is all street, with a null city. A blank line: null.
   *
   * @return null for a blank line
   */
  public static PostalAddress fromLine(String line) {
    String whole = trim(Objects.requireNonNull(line, "line"));
    if (whole.isEmpty()) {
      return null;
    }
    int comma = whole.lastIndexOf(',');
    String street = comma < 0 ? "" : trim(whole.substring(0, comma));
    if (street.isEmpty()) {
      return new PostalAddress(whole, null);
    }
    String city = trim(whole.substring(comma + 1));
    return new PostalAddress(street, city.isEmpty() ? null : city);
  }

  private static String trim(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && isTrimmed(text.charAt(from))) {
      from++;
    }
    while (to > from && isTrimmed(text.charAt(to - 1))) {
      to--;
    }
    return text.substring(from, to);
  }

  private static boolean isTrimmed(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
