package dev.outbox.cli.up;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code outbox up}: the whole platform on this machine, until Ctrl-C or SIGTERM. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole platform on this machine until Ctrl-C.",
      "Start embedded PostgreSQL (127.0.0.1:15432) and Kafka (127.0.0.1:19092), apply the"
          + " migrations, then customer-app (:8081), order-app (:8082) and one relay per database"
          + " (:8091, :8092), each its own process, restarted when it dies.",
      "Prints 'ready' once every health endpoint answers; Ctrl-C or SIGTERM stops everything."
    })
public final class UpCommand implements Callable<Integer> {

  @Option(names = "--fresh", description = "Delete the data of earlier runs and start empty.")
  boolean fresh;

  @Option(
      names = "--home",
      description = "The repository root (default: $OUTBOX_HOME, set by bin/outbox).",
      defaultValue = "${env:OUTBOX_HOME:-.}")
  Path home;

  @Option(
      names = "--state-dir",
      description = "Where data, logs and pid files go (default: <home>/.outbox).")
  Path stateDirectory;

  @Option(
      names = "--ready-timeout",
      description = "Seconds to wait for every service to be healthy (default: ${DEFAULT-VALUE}).",
      defaultValue = "180")
  long readyTimeoutSeconds;

  @Override
  public Integer call() {
    Console console = new Console(System.out);
    Path root = home.toAbsolutePath().normalize();
    Path state =
        stateDirectory == null
            ? root.resolve(".outbox")
            : stateDirectory.toAbsolutePath().normalize();
    LocalRun run = new LocalRun(console, root, state);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  console.line("stopping...");
                  run.close();
                  console.line("stopped: no process of this run is left");
                  stopped.countDown();
                },
                "outbox-stop"));
    try {
      run.start(fresh, System.getenv(), Duration.ofSeconds(readyTimeoutSeconds));
    } catch (RuntimeException e) {
      console.line("error: %s", e.getMessage());
      return 1; // the shutdown hook stops whatever did start
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
