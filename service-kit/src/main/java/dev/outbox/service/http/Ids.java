package dev.outbox.service.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Parsing of ids from paths and bodies; a bad one is a 400 naming the field. */
public final class Ids {

  // UUID.fromString accepts short forms such as "1-2-3-4-5"; only the canonical form is an id here.
  private static final Pattern CANONICAL =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,17}");

  private Ids() {}

  /**
   * The UUID in {@code text}, in its canonical form.
   *
   * @throws BadRequestException naming {@code field} when it is not one
   */
  public static UUID parse(String field, String text) {
    if (!CANONICAL.matcher(text).matches()) {
      throw new BadRequestException(field + ": must be a UUID, was '" + abbreviate(text) + "'");
    }
    return UUID.fromString(text);
  }

  /**
   * The positive whole number in {@code text} (a database sequence id), in plain decimal digits.
   *
   * @throws BadRequestException naming {@code field} when it is not one
   */
  public static long parsePositiveLong(String field, String text) {
    // 18 digits at most, so that parseLong cannot overflow.
    if (!POSITIVE.matcher(text).matches()) {
      throw new BadRequestException(
          field + ": must be a positive whole number, was '" + abbreviate(text) + "'");
    }
    return Long.parseLong(text);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
