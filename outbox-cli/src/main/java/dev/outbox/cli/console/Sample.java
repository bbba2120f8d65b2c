package dev.outbox.cli.console;

import dev.outbox.cli.status.DatabaseStatus;
import dev.outbox.cli.status.ProcessStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every source said in one round of the {@link Sampler}.
 *
 * @param at when the round started
 * @param databases each service database's inspection views, by name, in order
 * @param processes each relay and app: its {@code /health} and its {@code /metrics}
 * @param topicPartitions each topic's partition count, when the run's file says
 * @param problems the sources that failed this round, a sentence each
 */
public record Sample(
    Instant at,
    Map<String, DatabaseReading> databases,
    List<ProcessReading> processes,
    Map<String, Integer> topicPartitions,
    List<String> problems) {

  public Sample {
    databases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(databases));
    processes = List.copyOf(processes);
    topicPartitions = Map.copyOf(topicPartitions);
    problems = List.copyOf(problems);
  }

  /**
   * One database as read.
   *
   * @param status what its views say; {@code null} when it could not be read
   * @param error why not; {@code null} when read
   */
  public record DatabaseReading(String database, String host, DatabaseStatus status, String error) {

    public boolean read() {
      return status != null;
    }
  }

  /**
   * One process as asked.
   *
   * @param status who it is and what its {@code /health} said
   * @param metrics what its {@code /metrics} said (empty when it did not answer)
   */
  public record ProcessReading(ProcessStatus status, PrometheusText metrics) {

    public String name() {
      return status.process().name();
    }
  }
}
