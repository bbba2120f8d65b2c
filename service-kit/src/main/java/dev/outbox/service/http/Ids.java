package dev.outbox.service.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Parsing of ids from paths and bodies; a bad one is a 400 naming the field. */
public final class Ids {

  // UUID.fromString accepts "1-2-3-4-5" and upper case; an id is only what UUID.toString() writes,
  // so that it comes back exactly as it was sent.
  private static final Pattern CANONICAL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,17}");

  private Ids() {}

  /**
   * The UUID in {@code text}, in its canonical lowercase form.
   *
   * @throws BadRequestException naming {@code field} when it is not one
   */
  public static UUID parse(String field, String text) {
    if (!CANONICAL.matcher(text).matches()) {
      throw new BadRequestException(
          field + ": must be a UUID in lowercase 8-4-4-4-12 form, was '" + abbreviate(text) + "'");
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
