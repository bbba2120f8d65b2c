package dev.outbox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's {@code main} run as a process of its own on the test's class path, with exactly the
 * given environment: how an operator's misspelt variable or missing password meets the service.
 */
public final class MainProcess {

  /** What the process did: its exit status and everything it wrote to stderr. */
  public record Result(int exit, String stderr) {}

  private MainProcess() {}

  /**
   * Runs {@code main} until it exits, at most {@code timeoutSeconds}.
   *
   * @throws AssertionError when it is still running then (it is killed)
   */
  public static Result run(Class<?> main, Map<String, String> environment, long timeoutSeconds) {
    ProcessBuilder builder = builder(main, environment);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      byte[] stderr = process.getErrorStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(main.getName() + " did not exit within " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), new String(stderr, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts {@code main} in a process of its own with only {@code environment}; its output (stdout
   * and stderr) goes to {@code log}. The caller stops it.
   */
  public static Process start(Class<?> main, Map<String, String> environment, Path log) {
    ProcessBuilder builder = builder(main, environment);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ProcessBuilder builder(Class<?> main, Map<String, String> environment) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName());
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder;
  }
}
