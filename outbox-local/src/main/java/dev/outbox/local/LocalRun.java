package dev.outbox.local;

import dev.outbox.cli.status.RunProcesses;
import dev.outbox.reference.db.ClusterSetup;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.KafkaProcess;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.PostgresProcess;
import dev.outbox.stack.StackMode;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The local deployment while it runs: PostgreSQL and Kafka (processes of their own with the
 * embedded stack), the apps' instances and the relays (and their standbys), all supervised; the
 * run's pid files and processes file. A child that dies is started again; after the first {@code
 * ready} every child's health is watched and its changes printed. {@link #close()} stops all of it,
 * apps and relays first.
 */
final class LocalRun implements AutoCloseable {

  static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(15);
  static final Duration SUPERVISE_EVERY = Duration.ofMillis(250);
  static final Duration HEALTH_EVERY = Duration.ofSeconds(1);

  private final Console console;
  private final Path home;
  private final Path stateDirectory;
  private final RunState runState;
  private final Clock clock = Clock.systemUTC();

  /** PostgreSQL and Kafka, in the order they start. */
  private final List<SupervisedChild> servers = new CopyOnWriteArrayList<>();

  /** The relays and apps. */
  private final List<SupervisedChild> services = new CopyOnWriteArrayList<>();

  private final ScheduledExecutorService supervisor = daemonThreads("outbox-supervisor");
  private final ScheduledExecutorService healthWatcher = daemonThreads("outbox-health");
  private final ExecutorService probes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "outbox-health-probe");
            t.setDaemon(true);
            return t;
          });
  private boolean supervising;
  private OutboxStack stack;
  private KafkaProcess kafka;
  private HealthWatch watch;
  private volatile boolean closing;
  private volatile ReadyHook readyHook;
  private volatile AutoCloseable startedOnReady;

  /** What the run's processes file says, set before the apps and relays start. */
  private volatile List<Width.Planned> plan = List.of();

  private volatile Map<String, Integer> topicPartitions = Map.of();
  private volatile int partitions;
  private volatile Instant began;

  /** Whether the standby relays run: until then a relay that is a standby is not healthy. */
  private final AtomicBoolean standbysStarted = new AtomicBoolean();

  LocalRun(Console console, Path home, Path stateDirectory) {
    this.console = console;
    this.home = home;
    this.stateDirectory = stateDirectory;
    this.runState =
        new RunState(stateDirectory.resolve("run"), dataDirectory().resolve("postgres"));
  }

  private static ScheduledExecutorService daemonThreads(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  Path dataDirectory() {
    return stateDirectory.resolve("data");
  }

  Path logDirectory() {
    return stateDirectory.resolve("logs");
  }

  /** What starts in this process once every child is healthy (the console). */
  @FunctionalInterface
  interface ReadyHook {

    /**
     * Starts it and prints its line; what it returns is closed first when the run stops.
     *
     * @throws Exception when it cannot start: the run goes on without it
     */
    AutoCloseable ready(Servers running) throws Exception;
  }

  /** Sets what starts once every child is healthy, before {@code ready} is printed. */
  void onReady(ReadyHook hook) {
    this.readyHook = hook;
  }

  void start(Width width, boolean fresh, Map<String, String> environment, Duration readyTimeout) {
    began = clock.instant();
    LocalDeployment deployment = new LocalDeployment(home, logDirectory());
    List<Path> missing = deployment.jars().stream().filter(j -> !Files.exists(j)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "not built yet: " + missing + "; run ./mvnw -DskipTests package (bin/outbox does it)");
    }
    StackOptions options = StackOptions.forLocalRun(dataDirectory(), environment);
    for (String leftover : runState.claim()) {
      console.line("cleaned up after a run that did not stop cleanly: stopped %s", leftover);
    }
    if (fresh) {
      deleteRecursively(dataDirectory());
      console.line("--fresh: removed the data of earlier runs");
    }
    Servers running =
        options.mode() == StackMode.EMBEDDED
            ? startEmbedded(options, deployment, readyTimeout)
            : startOther(options);
    for (ServiceDatabase db : ServiceDatabase.values()) {
      console.line(
          "  postgres %-9s %s  (admin: %s; app role: %s)",
          db.databaseName(), running.jdbcUrl(db), running.postgres().admin().user(), db.appRole());
    }
    Map<String, Integer> topics = Topics.ensure(running.kafkaBootstrap(), width.partitions());
    console.line(
        "  kafka topics       %s on %s (%d partitions each)",
        String.join(", ", Topics.REFERENCE_TOPICS), running.kafkaBootstrap(), width.partitions());
    Topics.idleWarnings(width, topics).forEach(w -> console.line("%s", w));

    topicPartitions = Map.copyOf(topics);
    partitions = width.partitions();
    plan = width.plan();
    List<ChildSpec> specs = deployment.services(running, width, standbysStarted::get);
    List<ChildSpec> standbys = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      ChildSpec spec = specs.get(i);
      if ("standby".equals(plan.get(i).role())) {
        standbys.add(spec);
        continue;
      }
      startChild(spec, services);
      console.line("  %-18s %s  log: %s", spec.name(), spec.address(), spec.logFile());
    }
    recordPids();
    startSupervising();
    awaitHealthy(all(), readyTimeout);
    if (!standbys.isEmpty()) {
      // Started once the relays they stand beside stream: the relay called active is the one that
      // holds the slot's lock, and each standby then waits for it.
      standbysStarted.set(true);
      for (ChildSpec spec : standbys) {
        startChild(spec, services);
        console.line("  %-18s %s  log: %s", spec.name(), spec.address(), spec.logFile());
      }
      recordPids();
      awaitHealthy(all(), readyTimeout);
    }
    if (readyHook != null) {
      try {
        startedOnReady = readyHook.ready(running);
      } catch (Exception e) {
        console.line("  %-18s not started: %s", "console", e.getMessage());
      }
    }
    console.line(
        "ready: %d processes healthy after %s. Ctrl-C stops everything.",
        all().size(), Durations.seconds(Duration.between(began, clock.instant())));
    watch = new HealthWatch(all().stream().map(c -> c.spec().name()).toList(), clock.instant());
    all().forEach(SupervisedChild::markHealthy);
    long every = HEALTH_EVERY.toMillis();
    healthWatcher.scheduleWithFixedDelay(this::watchHealth, every, every, TimeUnit.MILLISECONDS);
  }

  /** PostgreSQL and Kafka as supervised children, started in turn, then the databases prepared. */
  private Servers startEmbedded(
      StackOptions options, LocalDeployment deployment, Duration readyTimeout) {
    console.line(
        "starting PostgreSQL on 127.0.0.1:%d and Kafka on 127.0.0.1:%d (data in %s)",
        options.postgresPort(), options.kafkaPort(), dataDirectory());
    KafkaProcess broker =
        new KafkaProcess(
            dataDirectory().resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort());
    broker.requirePortsFree();
    PostgresProcess postgres =
        PostgresProcess.prepare(
            dataDirectory().resolve("postgres"), options.postgresPort(), options.durability());
    synchronized (this) {
      requireNotClosing();
      kafka = broker;
    }
    for (ChildSpec spec : List.of(deployment.postgres(postgres), deployment.kafka(broker))) {
      SupervisedChild child = startChild(spec, servers);
      console.line("  %-18s %s  log: %s", spec.name(), spec.address(), spec.logFile());
      recordPids();
      startSupervising();
      awaitHealthy(List.of(child), readyTimeout);
    }
    ClusterSetup cluster = new ClusterSetup(postgres.server(), ClusterSetup.developmentPasswords());
    cluster.prepareAll();
    return new Servers(postgres.server(), cluster, broker.bootstrapServers());
  }

  /** External servers or containers: this run starts them (or not) but does not supervise them. */
  private Servers startOther(StackOptions options) {
    console.line(
        "using the %s stack (OUTBOX_STACK): its PostgreSQL and Kafka are not supervised here",
        options.mode().name().toLowerCase(Locale.ROOT));
    OutboxStack started = Stacks.start(options);
    synchronized (this) {
      if (closing) {
        started.close();
        requireNotClosing();
      }
      stack = started;
    }
    return Servers.of(started);
  }

  private List<SupervisedChild> all() {
    List<SupervisedChild> all = new ArrayList<>(servers);
    all.addAll(services);
    return all;
  }

  /**
   * Holds the lock of {@link #close()}: a child is either started and stopped, or never started.
   */
  private synchronized SupervisedChild startChild(ChildSpec spec, List<SupervisedChild> into) {
    requireNotClosing();
    SupervisedChild child = new SupervisedChild(spec, clock);
    child.start();
    into.add(child);
    return child;
  }

  private synchronized void startSupervising() {
    if (!supervising) {
      supervising = true;
      long every = SUPERVISE_EVERY.toMillis();
      supervisor.scheduleWithFixedDelay(this::supervise, every, every, TimeUnit.MILLISECONDS);
    }
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
    boolean restarted = false;
    for (SupervisedChild child : all()) {
      Optional<SupervisedChild.Event> event = child.check();
      if (event.isPresent()) {
        console.line("%s", event.get().message());
        restarted |= event.get().kind() == SupervisedChild.Kind.RESTARTED;
      }
    }
    if (restarted) {
      recordPids();
    }
  }

  private void watchHealth() {
    if (closing) {
      return;
    }
    // Every child is asked at once: one that hangs (an app waiting for its database) must not
    // delay what the others say.
    List<SupervisedChild> children = all();
    List<CompletableFuture<HealthWatch.Observation>> asking = new ArrayList<>();
    for (SupervisedChild child : children) {
      asking.add(CompletableFuture.supplyAsync(() -> observe(child), probes));
    }
    List<HealthWatch.Observation> round = asking.stream().map(CompletableFuture::join).toList();
    List<SupervisedChild> healthy = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      if (round.get(i).problem().isEmpty()) {
        healthy.add(children.get(i));
      }
    }
    if (closing) {
      return;
    }
    watch.observe(clock.instant(), round).forEach(line -> console.line("%s", line));
    healthy.forEach(SupervisedChild::markHealthy);
  }

  private HealthWatch.Observation observe(SupervisedChild child) {
    Instant asked = clock.instant();
    Optional<String> problem =
        child.isAlive() ? child.spec().health().problem() : Optional.of("not running");
    // Read after the probe: a child that died while it was asked is dead, not unhealthy, and a
    // death the supervisor has not noticed yet is still a death (the supervisor prints it).
    Optional<Instant> downSince =
        child.isAlive() ? child.downSince() : Optional.of(child.downSince().orElse(asked));
    return new HealthWatch.Observation(child.spec().name(), asked, downSince, problem);
  }

  private void recordPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (SupervisedChild child : all()) {
      child.pid().ifPresent(pid -> pids.put(child.spec().name(), pid));
    }
    runState.recordChildren(pids);
    if (!services.isEmpty()) {
      runState.recordProcesses(processes(pids));
    }
  }

  /** The apps and relays started so far, in the plan's order, for {@code status}. */
  private RunProcesses processes(Map<String, Long> pids) {
    List<String> started = services.stream().map(c -> c.spec().name()).toList();
    List<RunProcesses.RunProcess> processes =
        plan.stream()
            .filter(p -> started.contains(p.name()))
            .map(p -> p.toRunProcess(pids.get(p.name())))
            .toList();
    return new RunProcesses(
        ProcessHandle.current().pid(), began, partitions, topicPartitions, processes);
  }

  private void awaitHealthy(List<SupervisedChild> children, Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (SupervisedChild child : children) {
        if (child.gaveUp()) {
          throw new IllegalStateException(
              child.spec().name()
                  + " stopped for good: "
                  + child.lastWords().orElse("see " + child.spec().logFile()));
        }
        Optional<String> problem =
            child.isAlive() ? child.spec().health().problem() : Optional.of("not running");
        problem.ifPresent(p -> waiting.add(child.spec().name() + " (" + p + ")"));
      }
      if (waiting.isEmpty()) {
        return;
      }
      requireNotClosing();
      if (clock.instant().isAfter(deadline)) {
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
  }

  @Override
  public synchronized void close() {
    closing = true;
    if (startedOnReady != null) {
      try {
        startedOnReady.close();
      } catch (Exception e) {
        console.line("console: %s while stopping", e.getMessage());
      }
    }
    supervisor.shutdownNow();
    healthWatcher.shutdownNow();
    probes.shutdownNow();
    // Apps and relays get SIGTERM at once, then each is waited for (and killed past the grace);
    // then the broker, then PostgreSQL, so that nothing loses its servers while it stops.
    services.forEach(SupervisedChild::signalStop);
    services.forEach(c -> c.stop(CHILD_STOP_GRACE));
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).stop(CHILD_STOP_GRACE);
    }
    if (kafka != null) {
      kafka.close();
    }
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
