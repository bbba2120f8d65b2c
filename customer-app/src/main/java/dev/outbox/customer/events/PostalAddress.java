package dev.outbox.customer.events;

import java.util.Objects;

/**
 * The customer's address as street and city (schema v2 of every customer event), derived from the
 * one-line {@code address} by {@link #fromLine}, so that consumers get it parsed once instead of
 * each parsing the line its own way.
 *
 * @param street never blank
 * @param city null when the line names none
 */
public record PostalAddress(String street, String city) {

  public PostalAddress {
    Objects.requireNonNull(street, "street");
    if (street.isEmpty()) {
      throw new IllegalArgumentException("street cannot be empty");
    }
    if (city != null && city.isEmpty()) {
      throw new IllegalArgumentException("city cannot be empty; use null");
    }
  }

  /**
   * The one rule that turns an address line into a postal address. The line is split at its last
   * comma: the street is the text before it, the city the text after it, each trimmed of spaces,
   * tabs and line breaks (U+0020, U+0009, U+000A, U+000D); the city is null when nothing is left
   * after the comma. A line without a comma, or with nothing but those characters before its last
   * comma, is not split: it is all street, and the city null. A blank line (empty, or nothing but
   * those characters) has no postal address: null.
   *
   * <p>{@code "1 Difference Engine Road, London"} is street {@code "1 Difference Engine Road"},
   * city {@code "London"}; {@code "Flat 2, 5 High St, Bath"} is {@code "Flat 2, 5 High St"} and
   * {@code "Bath"}; {@code "London,"} is {@code "London"} and null.
   *
   * <p>The customers database derives the same in SQL for a backfill's snapshots ({@code
   * customer_postal_address}, reference-db {@code customers/V4}), and order-app keeps its own copy
   * of the rule to upcast v1 events; {@code CustomerStateSourceIT} holds the SQL to this method.
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
