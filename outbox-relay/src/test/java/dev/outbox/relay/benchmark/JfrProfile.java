package dev.outbox.relay.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The execution samples ({@code jdk.ExecutionSample}) of a JFR recording, aggregated: by thread, by
 * top frame (where the CPU went), and by any frame on the stack (what a method costs with
 * everything it calls). Run alone: {@code java -cp target/test-classes
 * dev.outbox.relay.benchmark.JfrProfile recording.jfr [rows]}.
 */
final class JfrProfile {

  private final Map<String, Integer> byThread = new HashMap<>();
  private final Map<String, Integer> byTopFrame = new HashMap<>();
  private final Map<String, Integer> byTopFrameOfBusiestThread = new HashMap<>();
  private final Map<String, Integer> inclusiveInBusiestThread = new HashMap<>();
  private final Map<String, Integer> inclusive = new HashMap<>();
  private int samples;

  static JfrProfile read(Path recording) throws IOException {
    JfrProfile profile = new JfrProfile();
    List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
    for (RecordedEvent e : events) {
      if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
        profile.add(e);
      }
    }
    String busiest = profile.busiestThread();
    for (RecordedEvent e : events) {
      if (e.getEventType().getName().equals("jdk.ExecutionSample")
          && busiest.equals(threadName(e))) {
        RecordedStackTrace stack = e.getStackTrace();
        if (stack != null && !stack.getFrames().isEmpty()) {
          profile.byTopFrameOfBusiestThread.merge(frame(stack.getFrames().get(0)), 1, Integer::sum);
          Set<String> seen = new HashSet<>();
          for (RecordedFrame f : stack.getFrames()) {
            if (seen.add(method(f))) {
              profile.inclusiveInBusiestThread.merge(method(f), 1, Integer::sum);
            }
          }
        }
      }
    }
    return profile;
  }

  private void add(RecordedEvent sample) {
    RecordedStackTrace stack = sample.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    samples++;
    byThread.merge(threadName(sample), 1, Integer::sum);
    byTopFrame.merge(frame(stack.getFrames().get(0)), 1, Integer::sum);
    Set<String> seen = new HashSet<>();
    for (RecordedFrame f : stack.getFrames()) {
      String method = method(f);
      if (seen.add(method)) {
        inclusive.merge(method, 1, Integer::sum);
      }
    }
  }

  private static String threadName(RecordedEvent sample) {
    RecordedThread thread = sample.getThread("sampledThread");
    String name = thread == null ? "?" : thread.getJavaName();
    return name == null ? "?" : name.replaceAll("[0-9]+", "N");
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String frame(RecordedFrame f) {
    return method(f) + (f.isJavaFrame() ? "" : " (native)");
  }

  private String busiestThread() {
    return byThread.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse("?");
  }

  int samples() {
    return samples;
  }

  /** Prints the aggregates, {@code rows} lines each. */
  void print(int rows) {
    System.out.printf("profile: %,d execution samples%n", samples);
    table("by thread", byThread, rows, samples);
    table("by top frame (self time)", byTopFrame, rows, samples);
    String busiest = busiestThread();
    table(
        "by top frame in the busiest thread (" + busiest + ")",
        byTopFrameOfBusiestThread,
        rows,
        byThread.getOrDefault(busiest, 1));
    Map<String, Integer> interesting = new HashMap<>(inclusive);
    interesting.keySet().removeIf(JfrProfile::isFrameworkEntry);
    table("by method on the stack (inclusive)", interesting, rows * 2, samples);
    Map<String, Integer> inBusiest = new HashMap<>(inclusiveInBusiestThread);
    inBusiest.keySet().removeIf(JfrProfile::isFrameworkEntry);
    table(
        "by method on the stack in the busiest thread (inclusive)",
        inBusiest,
        rows * 4,
        byThread.getOrDefault(busiest, 1));
  }

  /** Thread entry points and loops that every sample of a thread goes through. */
  private static boolean isFrameworkEntry(String method) {
    return method.startsWith("java.lang.Thread.")
        || method.startsWith("java.util.concurrent.")
        || method.startsWith("jdk.internal.misc.")
        || method.endsWith(".run")
        || method.endsWith(".call")
        || method.endsWith("lambda$0")
        || method.contains(".lambda$");
  }

  private static void table(String title, Map<String, Integer> counts, int rows, int total) {
    System.out.println("profile: " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(rows)
        .forEach(
            e ->
                System.out.printf(
                    "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
  }

  public static void main(String[] args) throws IOException {
    JfrProfile profile = read(Paths.get(args[0]));
    profile.print(args.length > 1 ? Integer.parseInt(args[1]) : 12);
  }
}
