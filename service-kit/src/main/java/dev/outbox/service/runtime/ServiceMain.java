package dev.outbox.service.runtime;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * A service's {@code main}: configuration from the environment, start, and stop on SIGTERM. Exits
 * with 2 when the configuration is bad (the message on stderr) and with 1 when the start fails.
 */
public final class ServiceMain {

  private ServiceMain() {}

  /**
   * Runs the service until the JVM shuts down; returns only then.
   *
   * @param service its name in messages and in the shutdown thread's name, e.g. {@code
   *     customer-app}
   * @param main the main class: its logger and, by its simple name, the log prefix
   * @param configuration reads the configuration, throws {@link IllegalArgumentException} when bad
   * @param start starts the service; closing what it returns stops it
   */
  public static <C> void run(
      String service,
      Class<?> main,
      Function<Map<String, String>, C> configuration,
      Function<C, ? extends AutoCloseable> start)
      throws InterruptedException {
    C config;
    try {
      config = configuration.apply(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(service + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    AutoCloseable app;
    try {
      app = start.apply(config);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(main)
          .error("{} - {} could not start", main.getSimpleName(), service, e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close(app);
                  stopped.countDown();
                },
                service + "-shutdown"));
    stopped.await();
  }

  private static void close(AutoCloseable app) {
    try {
      app.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
