package dev.outbox.cli.console;

import dev.outbox.cli.config.CliSettings;
import dev.outbox.cli.config.SettingDefaults;
import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.health.AppUrls;
import dev.outbox.cli.health.RelayUrls;
import dev.outbox.cli.status.HealthRules;
import dev.outbox.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code outbox console}: a live web console over the whole flow (docs/console.md), until Ctrl-C.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "A live web console over the whole flow, until Ctrl-C (docs/console.md): the databases,"
          + " relays, topics and consumers with their state and rates, charts of the last 10"
          + " minutes, the dead letters with replay and discard, an event's trail, and verify"
          + " runs. It reads what 'bin/outbox status' reads, every 2 s.",
      "Prints 'console: <url>  token: <token>'. Replay and discard need that token; without"
          + " --token a random one is made at each start."
    })
public final class ConsoleCommand implements Callable<Integer> {

  @Mixin DbOptions db;

  @Mixin AppUrls apps;

  @Mixin RelayUrls relays;

  @Option(
      names = "--port",
      description = "The port it listens on (default: ${DEFAULT-VALUE}; env OUTBOX_CONSOLE_PORT).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description =
          "The address it listens on (default: ${DEFAULT-VALUE}, this machine only; env"
              + " OUTBOX_CONSOLE_BIND).")
  String bind;

  @Option(
      names = "--token",
      paramLabel = "T",
      description =
          "The token replay and discard require (default: a random one, printed; env"
              + " OUTBOX_CONSOLE_TOKEN).")
  String token;

  @Option(names = "--read-only", description = "Refuse every action (replay, discard).")
  boolean readOnly;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      description =
          "Where the trail reads Kafka record timestamps (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_KAFKA_BOOTSTRAP).")
  String kafkaBootstrap;

  @Option(
      names = "--max-lag-bytes",
      description =
          "A relay lags when its slot lags more WAL than this (default: ${DEFAULT-VALUE}; env"
              + " OUTBOX_MAX_LAG_BYTES).")
  long maxLagBytes;

  @Option(
      names = "--max-lag-seconds",
      description =
          "A relay lags when its oldest unrelayed event is older than this (default:"
              + " ${DEFAULT-VALUE}; env OUTBOX_MAX_LAG_SECONDS).")
  long maxLagSeconds;

  @Option(
      names = "--home",
      description =
          "Where 'bin/outbox up' runs: while it runs, the console shows every process its"
              + " .outbox/run/processes.json lists (default: ${DEFAULT-VALUE}; env OUTBOX_HOME).")
  Path home;

  @Option(
      names = "--state-dir",
      description = "The state directory of that run, when not <home>/.outbox.")
  Path stateDirectory;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Console console;
    try {
      console = start(System.out, Clock.systemUTC());
    } catch (IOException e) {
      System.err.println("console: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  console.close();
                  stopped.countDown();
                },
                "console-stop"));
    stopped.await();
    return 0;
  }

  /**
   * Starts the console and prints its line, {@code console: <url> token: <token>} ({@code up}
   * prints its own instead when {@code out} is null).
   *
   * @throws IOException when it cannot listen
   */
  public Console start(PrintStream out, Clock clock) throws IOException {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new ParameterException(
          spec.commandLine(), "--bind " + bind + " is not an address of this machine");
    }
    if (token == null || token.isBlank()) {
      token = randomToken();
    }
    Settings settings = SettingDefaults.of(spec);
    Console.Platform platform =
        new Console.Platform(
            db,
            apps,
            relays,
            home,
            stateDirectory,
            kafkaBootstrap,
            new HealthRules(maxLagBytes, Duration.ofSeconds(maxLagSeconds)),
            settings.get(CliSettings.VERIFY_GRACE),
            settings.get(CliSettings.VERIFY_BATCH_SIZE));
    Console console =
        Console.start(
            platform,
            new ConsoleServer.Settings(address, port, token, readOnly, ConsoleServer.ASSETS),
            clock);
    if (out != null) {
      out.println("console: " + console.uri() + "  token: " + token);
    }
    return console;
  }

  /** The token in use (after {@link #start}). */
  public String token() {
    return token;
  }

  private static String randomToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
