package dev.outbox.stack;

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
 * @param environment the variables the external stack reads ({@code OUTBOX_DB_URL}...)
 */
public record StackOptions(
    StackMode mode,
    Path dataDirectory,
    int postgresPort,
    int kafkaPort,
    int kafkaControllerPort,
    Map<String, String> environment) {

  /** The fixed ports of the local run (DESIGN.md). */
  public static final int LOCAL_POSTGRES_PORT = 15432;

  public static final int LOCAL_KAFKA_PORT = 19092;
  public static final int LOCAL_KAFKA_CONTROLLER_PORT = 19093;

  public StackOptions {
    Objects.requireNonNull(mode, "mode");
    environment = Map.copyOf(environment);
    requirePort("postgresPort", postgresPort);
    requirePort("kafkaPort", kafkaPort);
    requirePort("kafkaControllerPort", kafkaControllerPort);
  }

  /** For tests: the mode from {@code OUTBOX_STACK}, free ports, a temporary data folder. */
  public static StackOptions forTests(Map<String, String> environment) {
    return new StackOptions(
        StackMode.parse(environment.get(StackMode.VARIABLE)), null, 0, 0, 0, environment);
  }

  /** For the local run: the fixed ports and a data folder that persists between runs. */
  public static StackOptions forLocalRun(Path dataDirectory, Map<String, String> environment) {
    return new StackOptions(
        StackMode.parse(environment.get(StackMode.VARIABLE)),
        Objects.requireNonNull(dataDirectory, "dataDirectory"),
        LOCAL_POSTGRES_PORT,
        LOCAL_KAFKA_PORT,
        LOCAL_KAFKA_CONTROLLER_PORT,
        environment);
  }

  private static void requirePort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
    }
  }
}
