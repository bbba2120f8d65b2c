package dev.outbox.cli.verify;

import dev.outbox.config.Setting;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as every setting of the platform reads them ({@code 500ms}, {@code 5s}, {@code 2m},
 * ISO-8601 such as {@code PT5S}), for an option; and their short form for people.
 */
public final class Durations implements ITypeConverter<Duration> {

  /** Only its parser is used: a setting's messages start with its name, which is cut off. */
  private static final Setting<Duration> FORM =
      Setting.duration("DURATION", "a duration given on the command line");

  @Override
  public Duration convert(String text) {
    Duration duration;
    try {
      duration = FORM.parse(text.trim());
    } catch (IllegalArgumentException e) {
      // picocli names the option already.
      throw new TypeConversionException(e.getMessage().replaceFirst("^DURATION ", ""));
    }
    if (duration.isNegative()) {
      throw new TypeConversionException("must not be negative, was '" + text + "'");
    }
    return duration;
  }

  /** {@code 5s}, {@code 250ms}, {@code 2m}, {@code 0s}. */
  static String show(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0 && ms > 0) {
      return (ms / 60_000) + "m";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + "s";
    }
    return ms < 1000 ? ms + "ms" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
