package dev.outbox.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process of the local deployment: how to start and stop it, its environment, where it logs,
 * how to tell it is healthy, and which exit statuses mean that starting it again cannot help.
 *
 * @param name what the console calls it ({@code order-app}, {@code postgres})
 * @param command the command line
 * @param environment added to this process's environment
 * @param logFile where its standard output and error are appended
 * @param address where it answers, for the console
 * @param health whether it does its job
 * @param stopSignal how it is asked to stop
 * @param permanentExits exit statuses that a restart cannot fix, with what each means
 * @param lastWordsPrefix the prefix of the line it writes last when it stops on purpose ({@code
 *     outbox-relay: }), or {@code null}: the console shows that line, else its log's last one
 */
public record ChildSpec(
    String name,
    List<String> command,
    Map<String, String> environment,
    Path logFile,
    String address,
    HealthCheck health,
    StopSignal stopSignal,
    Map<Integer, String> permanentExits,
    String lastWordsPrefix) {

  public ChildSpec {
    Objects.requireNonNull(name, "name");
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(logFile, "logFile");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(stopSignal, "stopSignal");
    permanentExits = Map.copyOf(permanentExits);
  }
}
