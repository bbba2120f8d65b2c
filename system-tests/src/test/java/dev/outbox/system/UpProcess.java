package dev.outbox.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** {@code bin/outbox up} as a person runs it: a child process whose output is read line by line. */
final class UpProcess implements AutoCloseable {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private final Process process;
  private final Path stateDirectory;

  private final Path output;

  private UpProcess(Process process, Path stateDirectory, Path output) {
    this.process = process;
    this.stateDirectory = stateDirectory;
    this.output = output;
  }

  static UpProcess start(Path stateDirectory, String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(List.of(ROOT.resolve("bin/outbox").toString(), "up"));
    command.add("--state-dir=" + stateDirectory);
    command.addAll(List.of(args));
    // Output goes to a file, read as it grows: nothing is lost when the process ends.
    Path output = Files.createTempFile("outbox-up-", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    return new UpProcess(builder.start(), stateDirectory, output);
  }

  List<String> lines() {
    try {
      return Files.readAllLines(output);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits for the line that starts with {@code ready}; fails early if the process ends. */
  void awaitReady(Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !process.isAlive() || lines().stream().anyMatch(l -> l.startsWith("ready")));
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "bin/outbox up exited with " + process.exitValue() + ": " + lines());
    }
  }

  /** Waits for a line that matches; fails early if the process ends. Returns the line. */
  String awaitLine(java.util.function.Predicate<String> matches, Duration timeout) {
    return awaitLineAfter(0, matches, timeout);
  }

  /**
   * Waits for a line at index {@code from} or later that matches (a line printed twice, such as
   * {@code ready again: ... after 13 s}, counts only where it was printed after {@code from}).
   */
  String awaitLineAfter(int from, java.util.function.Predicate<String> matches, Duration timeout) {
    java.util.concurrent.atomic.AtomicReference<String> found =
        new java.util.concurrent.atomic.AtomicReference<>();
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<String> lines = lines();
              lines.subList(Math.min(from, lines.size()), lines.size()).stream()
                  .filter(matches)
                  .findFirst()
                  .ifPresent(found::set);
              return found.get() != null || !process.isAlive();
            });
    if (found.get() == null) {
      throw new IllegalStateException(
          "bin/outbox up exited with " + process.exitValue() + ": " + lines());
    }
    return found.get();
  }

  /** One child's pid, from the run's pid file. */
  long childPid(String name) throws IOException {
    Long pid = childPids().get(name);
    if (pid == null) {
      throw new IllegalStateException("no pid of " + name + " in " + childPids());
    }
    return pid;
  }

  /** The pids of the children, from the run's pid file. */
  Map<String, Long> childPids() throws IOException {
    Map<String, Long> pids = new HashMap<>();
    for (String line : Files.readAllLines(stateDirectory.resolve("run/children.pids"))) {
      String[] parts = line.split(" ");
      pids.put(parts[0], Long.parseLong(parts[1]));
    }
    return pids;
  }

  long postmasterPid() throws IOException {
    return Long.parseLong(
        Files.readAllLines(stateDirectory.resolve("data/postgres/postmaster.pid")).get(0).trim());
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM, as Ctrl-C or a service manager sends it; returns the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("bin/outbox up did not stop within " + timeout);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    System.out.println("bin/outbox up said:\n" + String.join("\n", lines()));
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
