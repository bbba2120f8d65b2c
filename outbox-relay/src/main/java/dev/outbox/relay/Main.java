package dev.outbox.relay;

import dev.outbox.relay.config.RelayConfig;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar outbox-relay.jar}: configured by {@code RELAY_*} environment variables. Exit
 * codes: 0 after SIGTERM/SIGINT and a safe stop; 1 when the relay stopped on an error no retry can
 * fix (the message says which); 2 for a missing or invalid setting (the message names it).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    RelayConfig config;
    try {
      config = RelayConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) { // RelayConfigException, naming the variable
      System.err.println("outbox-relay: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("OutboxRelay - starting with {}", config);
    AtomicBoolean exiting = new AtomicBoolean();
    AtomicReference<Relay> running = new AtomicReference<>();
    // Registered before the relay starts, so that no signal finds it without a safe stop.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (exiting.compareAndSet(false, true)) {
                    LOG.info("OutboxRelay - stop requested");
                    Relay relay = running.get();
                    if (relay != null) {
                      relay.close();
                    }
                    System.out.flush();
                    System.err.flush();
                    // A signal-initiated JVM exit reports 128+signal; a safe stop is a success.
                    Runtime.getRuntime().halt(0);
                  }
                },
                "outbox-relay-shutdown"));
    Relay relay;
    try {
      relay = Relay.start(config);
      running.set(relay);
    } catch (RuntimeException e) {
      exiting.set(true);
      System.err.println("outbox-relay: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    try {
      relay.termination().join();
    } catch (CompletionException e) {
      if (exiting.compareAndSet(false, true)) {
        System.err.println("outbox-relay: stopped: " + e.getCause().getMessage());
        relay.close();
        System.exit(1);
      }
    }
  }
}
