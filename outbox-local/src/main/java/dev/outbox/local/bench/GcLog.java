package dev.outbox.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The peak heap of a JVM that ran with {@link #option}: the most heap in use just before one of its
 * collections ({@code 123M->45M(256M)}), which is the most it held, to the size of its young
 * generation. Empty when it never collected (it then never held more than that).
 */
final class GcLog {

  private static final Pattern PAUSE = Pattern.compile("(\\d+)([KMG])->\\d+[KMG]\\(\\d+[KMG]\\)");

  private GcLog() {}

  /** The JVM option that writes the log, one file that each start overwrites. */
  static String option(Path file) {
    return "-Xlog:gc:file=" + file + ":uptime,level,tags:filecount=0";
  }

  static OptionalLong peakHeapMib(Path file) {
    if (!Files.exists(file)) {
      return OptionalLong.empty();
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .map(PAUSE::matcher)
          .filter(Matcher::find)
          .mapToLong(m -> mib(Long.parseLong(m.group(1)), m.group(2)))
          .max();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  private static long mib(long value, String unit) {
    return switch (unit) {
      case "K" -> Math.round(value / 1024.0);
      case "G" -> value * 1024;
      default -> value;
    };
  }
}
