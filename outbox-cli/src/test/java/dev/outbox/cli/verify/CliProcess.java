package dev.outbox.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator jar ({@code target/outbox-cli.jar}, as production runs it) started as a process of
 * its own with an empty environment, its stdout and stderr in files the test reads while it runs.
 */
final class CliProcess {

  static final Path JAR = Path.of("target", "outbox-cli.jar");

  /** What a finished run printed and its exit status. */
  record Run(int exit, String out, String err) {}

  private final Process process;
  private final Path out;
  private final Path err;

  private CliProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static CliProcess start(List<String> args) {
    assertThat(JAR).as("built by package").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Doutbox.log.file=target/cli-it.log"));
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(args);
    try {
      Path out = Files.createTempFile("outbox-cli-", ".out");
      Path err = Files.createTempFile("outbox-cli-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      return new CliProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs to its end. */
  static Run run(List<String> args) {
    return start(args).awaitExit();
  }

  /** What it wrote to stderr so far. */
  String err() {
    return read(err);
  }

  /** Waits until it exits (a safety net of minutes: it is killed then, and the test fails). */
  Run awaitExit() {
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("outbox verify still runs after 5 minutes:\n" + err());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Run run = new Run(process.exitValue(), read(out), read(err));
    System.out.println(
        "$ outbox exit " + run.exit() + "\n--- stdout\n" + run.out() + "--- stderr\n" + run.err());
    return run;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
