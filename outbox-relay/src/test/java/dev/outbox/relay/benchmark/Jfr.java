package dev.outbox.relay.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Starts and stops a named JFR recording in another JVM with {@code jcmd}. */
final class Jfr {

  private Jfr() {}

  /**
   * Starts recording with the JDK's {@code profile} settings, but an execution sample every 2 ms
   * instead of 10 (a short drain gives enough samples to rank frames).
   */
  static void start(long pid, String name) throws IOException, InterruptedException {
    jcmd(pid, "JFR.start", "name=" + name, "settings=" + settings());
  }

  /** The settings file for {@code -XX:StartFlightRecording=settings=...}. */
  static Path settings() throws IOException {
    Path file = Paths.get("target", "benchmark", "profile-2ms.jfc").toAbsolutePath();
    if (!Files.exists(file)) {
      String profile =
          Files.readString(
              Paths.get(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"),
              StandardCharsets.UTF_8);
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          profile.replace(
              "<setting name=\"period\" control=\"method-sampling-java-interval\">10 ms",
              "<setting name=\"period\" control=\"method-sampling-java-interval\">2 ms"),
          StandardCharsets.UTF_8);
    }
    return file;
  }

  /** Stops the recording and writes it to {@code file}. */
  static void stop(long pid, String name, Path file) throws IOException, InterruptedException {
    jcmd(pid, "JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    line.add(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0 || output.contains("Exception")) {
      throw new IllegalStateException("jcmd " + line + " failed: " + output);
    }
  }
}
