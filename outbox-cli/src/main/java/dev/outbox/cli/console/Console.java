package dev.outbox.cli.console;

import dev.outbox.cli.db.DbOptions;
import dev.outbox.cli.health.AppUrls;
import dev.outbox.cli.health.RelayUrls;
import dev.outbox.cli.status.HealthRules;
import dev.outbox.cli.verify.VerifyCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A running console: its sampler and its server, wired to the platform's sources. {@code bin/outbox
 * console} runs one until Ctrl-C; {@code bin/outbox up} runs one in its own process.
 */
public final class Console implements AutoCloseable {

  /** How long a process may take to answer /health or /metrics: within one sampling interval. */
  static final Duration SOURCE_TIMEOUT = Duration.ofMillis(1500);

  /** How long the trail waits for Kafka. */
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Where the platform is and how to judge it.
   *
   * @param home the run's repository root (its processes file), or {@code null}
   * @param stateDirectory the run's state directory when not under home, or {@code null}
   * @param kafkaBootstrap where the trail reads record timestamps
   * @param verifyGrace verify's grace period
   * @param verifyBatchSize verify's ids per statement
   */
  public record Platform(
      DbOptions db,
      AppUrls apps,
      RelayUrls relays,
      Path home,
      Path stateDirectory,
      String kafkaBootstrap,
      HealthRules rules,
      Duration verifyGrace,
      int verifyBatchSize) {}

  private final Sampler sampler;
  private final VerifyRuns verify;
  private final ConsoleServer server;

  private Console(Sampler sampler, VerifyRuns verify, ConsoleServer server) {
    this.sampler = sampler;
    this.verify = verify;
    this.server = server;
  }

  /**
   * Starts sampling and listening.
   *
   * @throws IOException when it cannot listen (the port is taken)
   */
  public static Console start(Platform platform, ConsoleServer.Settings settings, Clock clock)
      throws IOException {
    Sources sources =
        new PlatformSources(
            platform.db(),
            platform.apps(),
            platform.relays(),
            platform.home(),
            platform.stateDirectory(),
            SOURCE_TIMEOUT);
    return start(sources, platform, settings, clock);
  }

  /** The same, reading {@code sources} (tests give their own). */
  static Console start(
      Sources sources, Platform platform, ConsoleServer.Settings settings, Clock clock)
      throws IOException {
    Sampler sampler = new Sampler(sources, clock);
    VerifyRuns verify =
        new VerifyRuns(
            () ->
                VerifyCommand.verifyAll(
                    platform.db(), platform.verifyGrace(), platform.verifyBatchSize()),
            clock);
    ConsoleServer server =
        new ConsoleServer(
            settings,
            sampler,
            platform.rules(),
            new Trail(platform.db(), platform.kafkaBootstrap(), KAFKA_TIMEOUT),
            verify,
            new DeadLetterActions(platform.db(), platform.apps()),
            clock);
    try {
      server.start();
    } catch (IOException e) {
      sampler.close();
      verify.close();
      throw e;
    }
    sampler.start();
    return new Console(sampler, verify, server);
  }

  /** Where it answers. */
  public URI uri() {
    return server.uri();
  }

  /** Its sampler (a test takes a round when it needs one). */
  Sampler sampler() {
    return sampler;
  }

  @Override
  public void close() {
    server.close();
    sampler.close();
    verify.close();
  }
}
