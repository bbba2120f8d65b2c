package dev.outbox.local.bench;

import dev.outbox.local.bench.BenchOptions.Phase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code outbox bench}: the whole path measured on this machine, on a stack of its own. Exit 0 when
 * it ran (figures below their targets included), 1 when it could not, 2 on bad options, 130 when
 * stopped by Ctrl-C or SIGTERM; every process it started is stopped and its data deleted in every
 * case.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the whole path on this machine: the relay's drain of a backlog against a polling"
          + " relay's, the consumer's apply (default settings, then one event per transaction),"
          + " its scaling (1, 2, 3 order-app processes in one consumer group on the same"
          + " backlog), and end-to-end freshness (a customer-app commit to order-app's replica commit) at"
          + " two offered loads; then the idle relay.",
      "Starts its own PostgreSQL (durable: fsync, full_page_writes, synchronous_commit on) and"
          + " Kafka on free ports, and the built jars as processes: it needs nothing else running"
          + " and can run beside bin/outbox up. Prints progress, then a table (--json: one JSON"
          + " object as the last line). Takes about 10 minutes with the defaults.",
      "Exit 0 when it ran (a figure below its target is a result), 1 when it could not run, 2"
          + " on bad options, 130 when stopped (Ctrl-C); every process it started is stopped and"
          + " its data deleted in every case."
    })
public final class BenchCommand implements Callable<Integer> {

  /** The exit status of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT). */
  static final int STOPPED = 130;

  @Option(names = "--json", description = "End with the figures as one JSON object (one line).")
  boolean json;

  @Option(
      names = "--events",
      description = "Events of the backlog the drains and the default apply use (default: 100000).")
  int events = 100_000;

  @Option(
      names = "--single-events",
      description =
          "Events the one-event-per-transaction apply applies (default: --events); a smaller"
              + " part shortens the run, the rate is steady.")
  Integer singleEvents;

  @Option(
      names = "--scale-instances",
      split = ",",
      paramLabel = "N",
      description =
          "The order-app process counts of the scaling phase, each a pass in one consumer group"
              + " (default: 1,2,3; must include 1, the ratios' base).")
  List<Integer> scaleInstances = new ArrayList<>(List.of(1, 2, 3));

  @Option(
      names = "--scale-events",
      description = "Events each pass of the scaling phase applies (default: --events).")
  Integer scaleEvents;

  @Option(names = "--rate", description = "Offered load of the first end-to-end run, tx/s (300).")
  int rate = 300;

  @Option(
      names = "--high-rate",
      description = "Offered load of the second, tx/s (1000; its figures end in _1000).")
  int highRate = 1000;

  @Option(names = "--e2e-seconds", description = "Each measured end-to-end load, s (30).")
  int e2eSeconds = 30;

  @Option(
      names = "--warmup-seconds",
      description = "The unmeasured load before each measured one, s (10).")
  int warmupSeconds = 10;

  @Option(
      names = "--idle-seconds",
      description = "How long the idle relay and consumer are measured, s (10; 0: not).")
  int idleSeconds = 10;

  @Option(
      names = "--polling-batch",
      description = "Rows per transaction of the polling baseline (1000).")
  int pollingBatch = 1000;

  @Option(
      names = "--writers",
      description = "Connections and threads of the end-to-end load, as customer-app's pool (8).")
  int writers = 8;

  @Option(
      names = "--skip",
      split = ",",
      paramLabel = "PHASE",
      description = "Phases to leave out: relay, polling, apply, single, scale, e2e.")
  List<String> skip = new ArrayList<>();

  @Option(
      names = "--home",
      description = "The repository root (env OUTBOX_HOME, set by bin/outbox; default: .).")
  Path home;

  @Option(
      names = "--logs",
      description = "Where every process's log goes (default: <home>/.outbox/logs/bench).")
  Path logs;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    BenchOptions options;
    try {
      options = options();
    } catch (IllegalArgumentException e) {
      err.println("outbox bench: " + e.getMessage());
      return 2;
    }
    Progress progress = new Progress(out, System.console() != null, Bench.phases(options));
    Bench bench = new Bench(options, progress);
    Interruption interruption = new Interruption(Thread.currentThread());
    // Ctrl-C and SIGTERM interrupt the run; the main thread stops everything (below) and exits.
    for (String signal : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(signal), s -> interruption.interrupt());
    }
    // Any other end of the JVM still stops the children.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(bench), "bench-cleanup"));
    Figures figures = null;
    int exit;
    try {
      figures = bench.run();
      exit = 0;
    } catch (RuntimeException e) {
      if (interruption.happened() || e instanceof Pause.BenchInterrupted) {
        err.println("outbox bench: stopped; no figures");
        exit = STOPPED;
      } else {
        err.println("outbox bench: could not run: " + e.getMessage());
        exit = 1;
      }
    } finally {
      // An interrupted thread would not wait for a child to stop: it would kill it at once.
      interruption.cleaningUp();
      progress.line("stopping every process of the benchmark...");
      closeQuietly(bench);
      progress.line("stopped: no process of the benchmark is left, its data is deleted");
    }
    if (figures != null) {
      if (json) {
        out.println(figures.json());
      } else {
        Report.print(figures, out);
      }
    }
    return exit;
  }

  private BenchOptions options() {
    Set<Phase> skipped = EnumSet.noneOf(Phase.class);
    for (String phase : skip) {
      skipped.add(Phase.of(phase));
    }
    Path root = (home == null ? Path.of(".") : home).toAbsolutePath().normalize();
    return new BenchOptions(
        root,
        logs == null ? root.resolve(".outbox/logs/bench") : logs.toAbsolutePath().normalize(),
        events,
        singleEvents == null ? events : singleEvents,
        rate,
        highRate,
        Duration.ofSeconds(warmupSeconds),
        Duration.ofSeconds(e2eSeconds),
        Duration.ofSeconds(idleSeconds),
        pollingBatch,
        writers,
        scaleInstances,
        scaleEvents == null ? events : scaleEvents,
        skipped);
  }

  /** Interrupts the run once, unless its clean-up has begun (that must wait for each child). */
  private static final class Interruption {
    private final Thread main;
    private boolean happened;
    private boolean cleaningUp;

    Interruption(Thread main) {
      this.main = main;
    }

    synchronized void interrupt() {
      if (!happened && !cleaningUp) {
        happened = true;
        main.interrupt();
      }
    }

    synchronized boolean happened() {
      return happened;
    }

    synchronized void cleaningUp() {
      cleaningUp = true;
      Thread.interrupted();
    }
  }

  private static void closeQuietly(Bench bench) {
    try {
      bench.close();
    } catch (RuntimeException e) {
      System.err.println("outbox bench: " + e.getMessage());
    }
  }
}
