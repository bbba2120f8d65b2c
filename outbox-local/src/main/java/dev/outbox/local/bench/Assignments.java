package dev.outbox.local.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partitions of one topic that an order-app process holds, as its log says: the consumer logs
 * {@code partitions assigned: [...]}, {@code partitions revoked: [...]} and {@code partitions lost:
 * [...]} at every rebalance (eager or cooperative), so replaying those lines gives what it holds
 * now. The process name and the consumer group are the bench's, so this is the only place that says
 * which process got which partitions. A log is appended to across runs: only what was written after
 * {@code from} (its size when the process started) is read.
 */
final class Assignments {

  private static final String ASSIGNED = " - partitions assigned: [";
  private static final String REVOKED = " - partitions revoked: [";
  private static final String LOST = " - partitions lost: [";

  private Assignments() {}

  /** The size of a log before its process starts: where its own lines begin. */
  static long sizeOf(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The partitions of {@code topic} held after the lines of {@code log} from byte {@code from}. */
  static Set<Integer> held(Path log, long from, String topic) {
    return held(read(log, from), topic);
  }

  /** The partitions of {@code topic} held after these log lines. */
  static Set<Integer> held(String lines, String topic) {
    Set<Integer> held = new TreeSet<>();
    for (String line : lines.split("\n")) {
      if (line.contains(ASSIGNED)) {
        held.addAll(partitions(line, ASSIGNED, topic));
      } else if (line.contains(REVOKED)) {
        held.removeAll(partitions(line, REVOKED, topic));
      } else if (line.contains(LOST)) {
        held.removeAll(partitions(line, LOST, topic));
      }
    }
    return held;
  }

  /** {@code [customer.events-0, outbox.backfill.events-0]}: the numbers of {@code topic}'s. */
  private static Set<Integer> partitions(String line, String marker, String topic) {
    int start = line.indexOf(marker) + marker.length();
    int end = line.indexOf(']', start);
    Set<Integer> partitions = new TreeSet<>();
    if (end < 0) {
      return partitions;
    }
    for (String entry : line.substring(start, end).split(",")) {
      String partition = entry.trim();
      int dash = partition.lastIndexOf('-');
      if (dash > 0 && partition.substring(0, dash).equals(topic)) {
        try {
          partitions.add(Integer.parseInt(partition.substring(dash + 1)));
        } catch (NumberFormatException e) {
          // Not a partition: a line of some other shape.
        }
      }
    }
    return partitions;
  }

  private static String read(Path log, long from) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length <= from) {
        return "";
      }
      byte[] bytes = new byte[Math.toIntExact(length - from)];
      file.seek(from);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Not written yet: nothing held.
      return "";
    }
  }
}
