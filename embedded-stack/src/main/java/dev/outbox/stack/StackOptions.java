package dev.outbox.stack;

import dev.outbox.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a stack.
 *
 * @param mode where the servers come from
 * @param dataDirectory where an embedded stack keeps its data; {@code null} for a temporary folder
 *     that is deleted on close
 * @param postgresPort the embedded PostgreSQL port, 0 for a free one
 * @param kafkaPort the embedded Kafka broker port, 0 for a free one
 * @param kafkaControllerPort the embedded KRaft controller port, 0 for a free one
 * @param durability what an embedded PostgreSQL pays for its commits
 * @param external the servers of an external stack; {@code null} for the other modes
 */
public record StackOptions(
    StackMode mode,
    Path dataDirectory,
    int postgresPort,
    int kafkaPort,
    int kafkaControllerPort,
    Durability durability,
    ExternalServers external) {

  /** The fixed ports of the local run. */
  public static final int LOCAL_POSTGRES_PORT = 15432;

  public static final int LOCAL_KAFKA_PORT = 19092;
  public static final int LOCAL_KAFKA_CONTROLLER_PORT = 19093;

  public StackOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(durability, "durability");
    if (mode == StackMode.EXTERNAL) {
      Objects.requireNonNull(external, "external servers for OUTBOX_STACK=external");
    }
    requirePort("postgresPort", postgresPort);
    requirePort("kafkaPort", kafkaPort);
    requirePort("kafkaControllerPort", kafkaControllerPort);
  }

  /**
   * For tests: the stack that {@code OUTBOX_STACK} names, free ports, a temporary data folder.
   * Tests throw their data away, so an embedded PostgreSQL runs {@link Durability#FAST}.
   *
   * @throws StackException listing every problem of the {@code OUTBOX_STACK*} variables
   */
  public static StackOptions forTests(Map<String, String> environment) {
    Settings settings = StackSettings.read(environment);
    return new StackOptions(
        settings.get(StackSettings.MODE), null, 0, 0, 0, Durability.FAST, external(settings));
  }

  /**
   * For the local run: the fixed ports, and a data folder that persists between runs, so an
   * embedded PostgreSQL runs {@link Durability#DURABLE}.
   *
   * @throws StackException listing every problem of the {@code OUTBOX_STACK*} variables
   */
  public static StackOptions forLocalRun(Path dataDirectory, Map<String, String> environment) {
    Settings settings = StackSettings.read(environment);
    return new StackOptions(
        settings.get(StackSettings.MODE),
        Objects.requireNonNull(dataDirectory, "dataDirectory"),
        LOCAL_POSTGRES_PORT,
        LOCAL_KAFKA_PORT,
        LOCAL_KAFKA_CONTROLLER_PORT,
        Durability.DURABLE,
        external(settings));
  }

  /** An embedded stack in {@code dataDirectory} ({@code null}: temporary) on free ports. */
  public static StackOptions embedded(Path dataDirectory, Durability durability) {
    return new StackOptions(StackMode.EMBEDDED, dataDirectory, 0, 0, 0, durability, null);
  }

  /** The same, with another durability (a benchmark measures {@link Durability#DURABLE}). */
  public StackOptions withDurability(Durability other) {
    return new StackOptions(
        mode, dataDirectory, postgresPort, kafkaPort, kafkaControllerPort, other, external);
  }

  /** The same, with another PostgreSQL port. */
  public StackOptions withPostgresPort(int port) {
    return new StackOptions(
        mode, dataDirectory, port, kafkaPort, kafkaControllerPort, durability, external);
  }

  private static ExternalServers external(Settings settings) {
    return settings.get(StackSettings.MODE) == StackMode.EXTERNAL
        ? ExternalServers.from(settings)
        : null;
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
    }
  }
}
