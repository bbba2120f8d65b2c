package dev.outbox.local;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local deployment while it runs: the stack (PostgreSQL and Kafka), the supervised children,
 * and the run's pid files. {@link #close()} stops all of it, children first.
 */
final class LocalRun implements AutoCloseable {

  static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(15);

  private final Console console;
  private final Path home;
  private final Path stateDirectory;
  private final RunState runState;
  private final HealthProbe probe = new HealthProbe();
  private final List<SupervisedChild> children = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService supervisor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "outbox-supervisor");
            t.setDaemon(true);
            return t;
          });
  private OutboxStack stack;
  private volatile boolean closing;

  LocalRun(Console console, Path home, Path stateDirectory) {
    this.console = console;
    this.home = home;
    this.stateDirectory = stateDirectory;
    this.runState =
        new RunState(stateDirectory.resolve("run"), dataDirectory().resolve("postgres"));
  }

  Path dataDirectory() {
    return stateDirectory.resolve("data");
  }

  Path logDirectory() {
    return stateDirectory.resolve("logs");
  }

  void start(boolean fresh, Map<String, String> environment, Duration readyTimeout) {
    LocalDeployment deployment = new LocalDeployment(home, logDirectory());
    List<Path> missing = deployment.jars().stream().filter(j -> !Files.exists(j)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "not built yet: " + missing + "; run ./mvnw -DskipTests package (bin/outbox does it)");
    }
    for (String leftover : runState.claim()) {
      console.line("cleaned up after a run that did not stop cleanly: stopped %s", leftover);
    }
    if (fresh) {
      deleteRecursively(dataDirectory());
      console.line("--fresh: removed the data of earlier runs");
    }
    console.line(
        "starting PostgreSQL on 127.0.0.1:%d and Kafka on 127.0.0.1:%d (data in %s)",
        StackOptions.LOCAL_POSTGRES_PORT, StackOptions.LOCAL_KAFKA_PORT, dataDirectory());
    OutboxStack started = Stacks.start(StackOptions.forLocalRun(dataDirectory(), environment));
    synchronized (this) {
      if (closing) {
        started.close();
        requireNotClosing();
      }
      stack = started;
    }
    for (ServiceDatabase db : ServiceDatabase.values()) {
      console.line(
          "  postgres %-9s %s  (admin: %s; app role: %s)",
          db.databaseName(), stack.jdbcUrl(db), stack.postgres().admin().user(), db.appRole());
    }
    Topics.ensure(stack.kafkaBootstrapServers());
    console.line(
        "  kafka              %s  (topics %s)",
        stack.kafkaBootstrapServers(), String.join(", ", Topics.REFERENCE_TOPICS));

    for (ChildSpec spec : deployment.children(stack)) {
      startChild(spec);
      console.line(
          "  %-18s %s  log: %s",
          spec.name(), spec.health().resolve("/").toString().replaceAll("/$", ""), spec.logFile());
    }
    recordPids();
    supervisor.scheduleWithFixedDelay(this::supervise, 500, 500, TimeUnit.MILLISECONDS);
    awaitReady(readyTimeout);
  }

  /**
   * Holds the lock of {@link #close()}: a child is either started and stopped, or never started.
   */
  private synchronized void startChild(ChildSpec spec) {
    requireNotClosing();
    SupervisedChild child = new SupervisedChild(spec);
    child.start();
    children.add(child);
  }

  private void requireNotClosing() {
    if (closing) {
      throw new IllegalStateException("stopped during start-up");
    }
  }

  private void supervise() {
    if (closing) {
      return;
    }
    Instant now = Instant.now();
    boolean restarted = false;
    for (SupervisedChild child : children) {
      var event = child.check(now);
      if (event.isPresent()) {
        console.line("%s", event.get());
        restarted |= child.isAlive();
      }
    }
    if (restarted) {
      recordPids();
    }
  }

  private void recordPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (SupervisedChild child : children) {
      child.pid().ifPresent(pid -> pids.put(child.spec().name(), pid));
    }
    runState.recordChildren(pids);
  }

  private void awaitReady(Duration timeout) {
    Instant started = Instant.now();
    Instant deadline = started.plus(timeout);
    while (true) {
      List<String> waiting =
          children.stream()
              .filter(c -> !probe.healthy(c.spec().health()))
              .map(c -> c.spec().name())
              .toList();
      if (waiting.isEmpty()) {
        break;
      }
      requireNotClosing();
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "not healthy after "
                + timeout.toSeconds()
                + " s: "
                + String.join(", ", waiting)
                + "; see their logs in "
                + logDirectory());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the services");
      }
    }
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    console.line(
        "ready: %d processes healthy after %.1f s. Ctrl-C stops everything.",
        children.size(), seconds);
  }

  @Override
  public synchronized void close() {
    closing = true;
    supervisor.shutdownNow();
    // All children get SIGTERM at once, then each is waited for (and killed past the grace).
    children.forEach(SupervisedChild::signalStop);
    children.forEach(c -> c.stop(CHILD_STOP_GRACE));
    if (stack != null) {
      stack.close();
    }
    runState.release();
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
