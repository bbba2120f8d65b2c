package dev.outbox.relay;

import dev.outbox.config.Settings;
import dev.outbox.config.SettingsDoc;
import dev.outbox.relay.config.RelayConfig;
import dev.outbox.relay.config.RelaySettings;
import dev.outbox.telemetry.Telemetry;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar outbox-relay.jar}: configured by {@code RELAY_*} environment variables ({@code
 * --help} lists them), and traced as the standard {@code OTEL_*} variables say (off unless they ask
 * for traces; see {@link Telemetry}). Exit codes, for the supervisor that runs it:
 *
 * <ul>
 *   <li>{@value #EXIT_STOPPED} after SIGTERM/SIGINT and a safe stop;
 *   <li>{@value #EXIT_FAILED} on a failure that a restart may fix (an unexpected error);
 *   <li>{@value #EXIT_CONFIG} on a missing or invalid setting (the message names every one);
 *   <li>{@value #EXIT_UNRECOVERABLE} on a condition that no restart can fix (an {@link
 *       UnrecoverableException}); the last line on stderr is then {@code outbox-relay: stopped:
 *       <reason and what to do>}.
 * </ul>
 */
public final class Main {

  public static final int EXIT_STOPPED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_CONFIG = 2;
  public static final int EXIT_UNRECOVERABLE = 3;

  private Main() {}

  public static void main(String[] args) {
    // Before anything touches java.util.logging (the SDK, the logging exporter's spans, the
    // driver).
    Telemetry.oneLineJavaUtilLogging();
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(help());
      System.exit(EXIT_STOPPED);
    }
    if (args.length > 0) {
      System.err.println(
          "outbox-relay: unknown argument " + args[0] + "; it is configured by RELAY_* variables");
      System.err.print(help());
      System.exit(EXIT_CONFIG);
    }
    // Exits 2 naming every bad, missing or unknown RELAY_* variable.
    Settings settings = RelaySettings.GROUP.readOrExit(System.getenv());
    // The logger is made only now: logback reads RELAY_LOG_LEVEL, checked above.
    Logger log = LoggerFactory.getLogger(Main.class);
    log.info("OutboxRelay - starting with {}", settings.describe());
    RelayConfig config = RelayConfig.from(settings);
    Telemetry telemetry;
    try {
      telemetry = Telemetry.fromEnvironment(System.getenv(), "outbox-relay");
    } catch (IllegalArgumentException e) {
      // The SDK's autoconfiguration refuses an OTEL_* value (an exporter not bundled, a bad
      // number).
      exit(EXIT_CONFIG, "configuration error: " + e.getMessage());
      return;
    }
    log.info("Tracing - {}", telemetry.describe());
    run(config, telemetry, log);
  }

  /** Stops the relay, then flushes its spans (those of its last batch too). */
  private static void stop(Relay relay, Telemetry telemetry) {
    if (relay != null) {
      relay.close();
    }
    telemetry.close();
  }

  private static void run(RelayConfig config, Telemetry telemetry, Logger log) {
    AtomicBoolean exiting = new AtomicBoolean();
    AtomicReference<Relay> running = new AtomicReference<>();
    // Registered before the relay starts, so that no signal finds it without a safe stop.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (exiting.compareAndSet(false, true)) {
                    log.info("OutboxRelay - stop requested");
                    stop(running.get(), telemetry);
                    System.out.flush();
                    System.err.flush();
                    // A signal-initiated JVM exit reports 128+signal; a safe stop is a success.
                    Runtime.getRuntime().halt(EXIT_STOPPED);
                  }
                },
                "outbox-relay-shutdown"));
    Relay relay;
    try {
      relay = Relay.start(config, telemetry.openTelemetry());
      running.set(relay);
    } catch (RuntimeException e) {
      exiting.set(true);
      log.error("OutboxRelay - could not start", e);
      telemetry.close();
      exit(EXIT_FAILED, "could not start: " + e.getMessage() + "; a restart may fix it");
      return;
    }
    try {
      relay.termination().join();
    } catch (CompletionException e) {
      if (exiting.compareAndSet(false, true)) {
        stop(relay, telemetry);
        Throwable cause = e.getCause();
        if (cause instanceof UnrecoverableException) {
          exit(EXIT_UNRECOVERABLE, "stopped: " + cause.getMessage());
        } else {
          exit(EXIT_FAILED, "failed: " + cause + "; a restart may fix it");
        }
      }
    }
  }

  /** Prints the reason as the last line on stderr, after everything else is flushed, and exits. */
  private static void exit(int status, String reason) {
    System.out.flush();
    System.err.println("outbox-relay: " + reason.replace('\n', ' '));
    System.err.flush();
    // halt: no shutdown hook may print after the reason (the relay is already closed).
    Runtime.getRuntime().halt(status);
  }

  /** What {@code --help} prints: what the relay is, its settings and its exit codes. */
  static String help() {
    return "outbox-relay: streams the outbox table of a PostgreSQL database to Kafka.\n"
        + "Usage: java -jar outbox-relay.jar (configured by environment variables)\n\n"
        + SettingsDoc.table(RelaySettings.GROUP)
        + "\nDurations take 500ms, 10s, 5m, 2h, 7d or ISO-8601 (PT10S).\n"
        + "Exit codes: "
        + EXIT_STOPPED
        + " stopped on SIGTERM/SIGINT; "
        + EXIT_FAILED
        + " a failure a restart may fix; "
        + EXIT_CONFIG
        + " a configuration error; "
        + EXIT_UNRECOVERABLE
        + " stopped on a condition no restart can fix (the last line on stderr says which and"
        + " what to do).\n";
  }
}
