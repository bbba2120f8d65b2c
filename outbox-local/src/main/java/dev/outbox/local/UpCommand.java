package dev.outbox.local;

import dev.outbox.cli.OutboxCli;
import dev.outbox.cli.console.ConsoleCommand;
import dev.outbox.stack.StackException;
import dev.outbox.stack.StackSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code outbox up}: the whole platform on this machine, until Ctrl-C or SIGTERM. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole platform on this machine until Ctrl-C.",
      "Start PostgreSQL (127.0.0.1:15432) and Kafka (127.0.0.1:19092), apply the migrations, then"
          + " customer-app (:8081), order-app (:8082) and one relay per database (:8091, :8092), or"
          + " as many instances and standbys as --instances and --standby-relays say:"
          + " each its own process, started again when it dies (a relay that stops on a condition"
          + " no restart can fix is reported and left stopped).",
      "Prints 'ready' once every process is healthy, then each change of health ('ready again'"
          + " when all are healthy after a problem); Ctrl-C or SIGTERM stops everything."
    })
public final class UpCommand implements Callable<Integer> {

  @Option(names = "--fresh", description = "Delete the data of earlier runs and start empty.")
  boolean fresh;

  @Option(
      names = "--home",
      description =
          "The repository root (default: ${DEFAULT-VALUE}; env OUTBOX_HOME, set by bin/outbox).")
  Path home;

  @Option(
      names = "--state-dir",
      description = "Where data, logs and pid files go (default: <home>/.outbox).")
  Path stateDirectory;

  @Option(
      names = "--instances",
      paramLabel = "app=N[,app=N]",
      description =
          "How many instances of each app, 1 to 9, such as customer-app=2,order-app=3 (an app left"
              + " out runs once). Instance 1 keeps the app's port (8081, 8082), instance i listens"
              + " 100 * (i - 1) above (8181, 8281, ...) and is called <app>-<i>; all instances of"
              + " an app share one consumer group.")
  String instances;

  @Option(
      names = "--standby-relays",
      description =
          "Run a standby beside each relay (customers-relay-standby :8191, orders-relay-standby"
              + " :8192), with the same slot: it takes over when the active one dies.")
  boolean standbyRelays;

  @Option(
      names = "--partitions",
      description =
          "Partitions of each topic the run creates, 1 to 100 (default: ${DEFAULT-VALUE}); the"
              + " relays get it as RELAY_TOPIC_PARTITIONS. An existing topic keeps its count: a"
              + " different one is refused (use --fresh, or the count it has).")
  int partitions = Topics.PARTITIONS;

  @Option(
      names = "--ready-timeout",
      description = "Seconds to wait for every process to be healthy (default: ${DEFAULT-VALUE}).")
  long readyTimeoutSeconds = 180;

  @Option(
      names = "--no-console",
      description = "Do not start the web console (bin/outbox console) once the platform is ready.")
  boolean noConsole;

  @Option(
      names = "--console-port",
      paramLabel = "N",
      description = "The console's port (default: OUTBOX_CONSOLE_PORT, else 8090).")
  Integer consolePort;

  @Override
  public Integer call() {
    Console console = new Console(System.out);
    try {
      StackSettings.read(System.getenv());
    } catch (StackException e) {
      console.line("error: %s", e.getMessage());
      return OutboxCli.CONFIGURATION_ERROR;
    }
    Width width;
    try {
      width = Width.of(instances, standbyRelays, partitions);
    } catch (IllegalArgumentException e) {
      console.line("error: %s", e.getMessage());
      return OutboxCli.CONFIGURATION_ERROR;
    }
    Path root = home.toAbsolutePath().normalize();
    Path state =
        stateDirectory == null
            ? root.resolve(".outbox")
            : stateDirectory.toAbsolutePath().normalize();
    LocalRun run = new LocalRun(console, root, state);
    if (!noConsole) {
      run.onReady(running -> startConsole(console, running, root, state));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            console.line("stopping...");
            run.close();
            console.line("stopped: no process of this run is left");
            stopped.countDown();
          } else {
            awaitQuietly(stopped); // another thread stops everything: the JVM must wait for it
          }
        };
    // Ctrl-C and SIGTERM are a normal way to end the run: stop everything, then exit 0. The hook
    // covers any other end of the JVM.
    for (String signal : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(signal), s -> new Thread(stop, "outbox-stop").start());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "outbox-stop-hook"));
    try {
      run.start(width, fresh, System.getenv(), Duration.ofSeconds(readyTimeoutSeconds));
    } catch (RunConfigurationException e) {
      console.line("error: %s", e.getMessage());
      stop.run();
      return OutboxCli.CONFIGURATION_ERROR;
    } catch (RuntimeException e) {
      console.line("error: %s", e.getMessage());
      stop.run();
      return 1;
    }
    awaitQuietly(stopped);
    return 0;
  }

  /**
   * The console of {@code bin/outbox console}, in this process, over the run's servers and its
   * processes file; its options as the console command takes them (OUTBOX_CONSOLE_* included).
   */
  private AutoCloseable startConsole(Console console, Servers running, Path root, Path state)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "console",
                "--db-host=" + running.postgres().host(),
                "--db-port=" + running.postgres().port(),
                "--db-user=" + running.postgres().admin().user(),
                "--db-password=" + running.postgres().admin().password(),
                "--kafka-bootstrap=" + running.kafkaBootstrap(),
                "--home=" + root,
                "--state-dir=" + state));
    if (consolePort != null) {
      args.add("--port=" + consolePort);
    }
    CommandLine.ParseResult parsed =
        OutboxCli.commandLine(System.getenv()).parseArgs(args.toArray(String[]::new));
    ConsoleCommand command = (ConsoleCommand) parsed.subcommand().commandSpec().userObject();
    dev.outbox.cli.console.Console started = command.start(null, Clock.systemUTC());
    console.line("  %-18s %s  token: %s", "console", started.uri(), command.token());
    return started;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
