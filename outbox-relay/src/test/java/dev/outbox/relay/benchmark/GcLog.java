package dev.outbox.relay.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap figures of a JVM's {@code -Xlog:gc} file: the most heap in use when a collection began
 * (the peak the process needed, garbage included), the most still live after one, and the number of
 * pauses with their total time.
 *
 * @param peakBeforeMib heap used at the start of the busiest collection
 * @param maxAfterMib heap still used after a collection, at most (the live set plus what survived)
 * @param pauses collections logged
 * @param pauseMillis their total pause time
 */
record GcLog(long peakBeforeMib, long maxAfterMib, int pauses, double pauseMillis) {

  private static final Pattern PAUSE =
      Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");

  static GcLog read(Path file) throws IOException {
    long before = 0;
    long after = 0;
    int pauses = 0;
    double millis = 0;
    if (!Files.exists(file)) {
      return new GcLog(-1, -1, 0, 0);
    }
    for (String line : Files.readAllLines(file)) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        before = Math.max(before, Long.parseLong(m.group(1)));
        after = Math.max(after, Long.parseLong(m.group(2)));
        pauses++;
        millis += Double.parseDouble(m.group(4));
      }
    }
    return new GcLog(before, after, pauses, millis);
  }
}
