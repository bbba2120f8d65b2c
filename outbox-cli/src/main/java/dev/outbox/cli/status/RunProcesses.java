package dev.outbox.cli.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The processes of a local run, as {@code bin/outbox up} writes them to {@code
 * .outbox/run/processes.json} (rewritten after each restart, removed when the run stops) and {@code
 * status} reads them: every app instance and relay, so that status asks each one, not only the
 * first of each.
 *
 * @param pid the pid of {@code bin/outbox up}: a file whose run is gone is not read
 * @param startedAt when the run started
 * @param partitions the partition count the run asked for its topics ({@code --partitions})
 * @param topics the partition count of each topic as the run found or created it
 * @param processes the apps and relays, in the order they were started
 */
public record RunProcesses(
    long pid,
    Instant startedAt,
    int partitions,
    Map<String, Integer> topics,
    List<RunProcess> processes) {

  /** The file's name in the run directory. */
  public static final String FILE_NAME = "processes.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public RunProcesses {
    topics = Map.copyOf(topics == null ? Map.of() : topics);
    processes = List.copyOf(processes == null ? List.of() : processes);
  }

  /** Where {@code bin/outbox up} of the repository at {@code home} writes it by default. */
  public static Path under(Path home) {
    return inStateDirectory(home.resolve(".outbox"));
  }

  /** The file of a run whose state directory ({@code up --state-dir}) is {@code stateDirectory}. */
  public static Path inStateDirectory(Path stateDirectory) {
    return stateDirectory.resolve("run").resolve(FILE_NAME);
  }

  /** Writes it whole, in place of the file (a reader never sees half of it). */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    JSON.writeValue(partial.toFile(), this);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static RunProcesses read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunProcesses.class);
  }

  /**
   * The file's processes when it exists and its run is alive: a run killed with {@code kill -9}
   * leaves its file behind, and its processes are gone with it.
   *
   * @throws IOException when the file exists but cannot be read
   */
  public static Optional<RunProcesses> readIfLive(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    RunProcesses run = read(file);
    boolean alive = ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false);
    return alive ? Optional.of(run) : Optional.empty();
  }

  /** Whether a process is one of the apps or one of the relays. */
  public enum Kind {
    APP,
    RELAY;

    @JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Kind of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One app instance or relay.
   *
   * @param name what the run calls it: {@code order-app-2}, {@code customers-relay-standby}
   * @param kind app or relay
   * @param app the app it is an instance of ({@code order-app}); {@code null} for a relay
   * @param database the service database it writes (an app) or streams (a relay)
   * @param role a relay's intended role, {@code active} or {@code standby}: only a hint, the lock
   *     decides and its {@code /health} tells; {@code null} for an app
   * @param consumer an app's consumer name, its Kafka group id (every instance shares it)
   * @param topic the topic an app's consumer reads its source's events from
   * @param url its base URL
   * @param pid its process id when known
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RunProcess(
      String name,
      Kind kind,
      String app,
      String database,
      String role,
      String consumer,
      String topic,
      URI url,
      Long pid) {

    public RunProcess {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(url, "url");
    }

    /** A relay of {@code database}. */
    public static RunProcess relay(String name, String database, String role, URI url, Long pid) {
      return new RunProcess(name, Kind.RELAY, null, database, role, null, null, url, pid);
    }

    /** An instance of {@code app}. */
    public static RunProcess app(
        String name,
        String app,
        String database,
        String consumer,
        String topic,
        URI url,
        Long pid) {
      return new RunProcess(name, Kind.APP, app, database, null, consumer, topic, url, pid);
    }

    /** Itself with another pid (after a restart). */
    public RunProcess withPid(Long newPid) {
      return new RunProcess(name, kind, app, database, role, consumer, topic, url, newPid);
    }
  }
}
