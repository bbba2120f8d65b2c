package dev.outbox.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The local run's Kafka broker as a process of the caller's ({@link KafkaBrokerMain} in its own
 * JVM), so that it can be watched, killed and started again in place like every other process of
 * the run. {@link #problem()} asks the broker itself; close it to release its admin client.
 */
public final class KafkaProcess implements AutoCloseable {

  private final Path dataDirectory;
  private final int port;
  private final int controllerPort;
  private Admin admin;

  public KafkaProcess(Path dataDirectory, int port, int controllerPort) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  public String bootstrapServers() {
    return Ports.LOOPBACK + ":" + port;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * The broker's command: this JVM's java and class path, {@code jvmOptions} (such as a heap size
   * or a log file), then the main class and its arguments.
   */
  public List<String> command(List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(KafkaBrokerMain.class.getName());
    command.addAll(
        List.of(
            dataDirectory.toString(), Integer.toString(port), Integer.toString(controllerPort)));
    return command;
  }

  /**
   * @throws StackException when something listens on the broker's or the controller's port
   */
  public void requirePortsFree() {
    Ports.requireFree(port, "Embedded Kafka");
    Ports.requireFree(controllerPort, "Embedded Kafka's controller");
  }

  /** Why the broker does not answer now; empty when it describes its cluster. */
  public synchronized Optional<String> problem() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2500,
                  AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }
    try {
      boolean answered = !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
      return answered ? Optional.empty() : Optional.of("the broker reports no nodes");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Optional.of("no answer on " + bootstrapServers() + " (" + cause.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
