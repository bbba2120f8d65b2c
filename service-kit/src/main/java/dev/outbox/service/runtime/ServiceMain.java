package dev.outbox.service.runtime;

import dev.outbox.client.housekeeping.RetentionWindowException;
import dev.outbox.config.SettingGroup;
import dev.outbox.config.Settings;
import dev.outbox.telemetry.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * A service's {@code main}: its settings from the environment, start, and stop on SIGTERM. Exit
 * codes: 0 after SIGTERM (or SIGINT) and a clean stop; 1 when the start fails or the stop does not
 * complete cleanly; 2 when the settings are bad, every problem on stderr at once (an unknown
 * variable of the service's prefix named with the nearest known one), or when the consumer's inbox
 * retention is not longer than what its topics may still redeliver ({@link
 * RetentionWindowException}, found at start against Kafka) or an {@code OTEL_*} variable the
 * OpenTelemetry SDK refuses. Tracing is off unless the {@code OTEL_*} variables ask for it ({@link
 * Telemetry}); the SDK is flushed and stopped after the service.
 */
public final class ServiceMain {

  private ServiceMain() {}

  /**
   * Runs the service until the JVM shuts down; returns only then.
   *
   * @param main the main class: its logger and, by its simple name, the log prefix
   * @param settings the service's declared settings
   * @param configuration makes the service's configuration of what was read
   * @param start starts the service with where its spans go; closing what it returns stops it
   */
  public static <C> void run(
      Class<?> main,
      SettingGroup settings,
      Function<Settings, C> configuration,
      BiFunction<C, OpenTelemetry, ? extends AutoCloseable> start)
      throws InterruptedException {
    Telemetry.oneLineJavaUtilLogging();
    C config = configuration.apply(settings.readOrExit(System.getenv()));
    Telemetry telemetry;
    try {
      telemetry = Telemetry.fromEnvironment(System.getenv(), settings.component());
    } catch (IllegalArgumentException e) {
      System.err.println(settings.component() + ": configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LoggerFactory.getLogger(main)
        .info("{} - tracing: {}", main.getSimpleName(), telemetry.describe());
    AutoCloseable app;
    try {
      app = start.apply(config, telemetry.openTelemetry());
    } catch (RuntimeException e) {
      telemetry.close();
      RetentionWindowException refused = refusedWindow(e);
      if (refused != null) {
        // A setting that does not fit the topics: the same exit as any other bad setting.
        System.err.println(settings.component() + ": configuration error: " + refused.getMessage());
        System.exit(2);
        return;
      }
      LoggerFactory.getLogger(main)
          .error("{} - {} could not start", main.getSimpleName(), settings.component(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  int status = close(main, app) ? 0 : 1;
                  // After the app: the spans of its last requests and events are flushed.
                  telemetry.close();
                  stopped.countDown();
                  System.out.flush();
                  System.err.flush();
                  // A signal-initiated exit reports 128+signal; a clean stop is a success.
                  Runtime.getRuntime().halt(status);
                },
                settings.component() + "-shutdown"));
    stopped.await();
  }

  private static RetentionWindowException refusedWindow(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RetentionWindowException refused) {
        return refused;
      }
    }
    return null;
  }

  private static boolean close(Class<?> main, AutoCloseable app) {
    try {
      app.close();
      return true;
    } catch (Exception e) {
      LoggerFactory.getLogger(main)
          .error("{} - the stop did not complete", main.getSimpleName(), e);
      return false;
    }
  }
}
