package dev.outbox.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process of the local deployment: how to start it, its environment, where it logs and the
 * health endpoint that says it is ready.
 */
record ChildSpec(
    String name, List<String> command, Map<String, String> environment, URI health, Path logFile) {

  ChildSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
