package dev.outbox.local.bench;

import static java.util.stream.Collectors.joining;

import dev.outbox.client.consume.EventConsumerConfig;
import dev.outbox.local.ChildSpec;
import dev.outbox.local.LocalDeployment;
import dev.outbox.local.Servers;
import dev.outbox.local.SupervisedChild;
import dev.outbox.local.bench.BenchOptions.Phase;
import dev.outbox.reference.db.ServiceDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One run of {@code bin/outbox bench}: its own stack, then each phase in turn (backlog, relay
 * drain, polling drain, consumer apply, consumer scaling, end to end), printing progress, into
 * {@link Figures}. Everything it starts is stopped by {@link #close()}, which may be called from
 * another thread (Ctrl-C) and more than once.
 */
final class Bench implements AutoCloseable {

  static final String RELAY_TOPIC = "customer.events";
  static final String POLLING_TOPIC = "polling.customer.events";
  static final String BACKFILL_TOPIC = "outbox.backfill.events";

  /** Transactions of the backlog: it is written fast, not measured. */
  static final int BACKLOG_PER_TRANSACTION = 1000;

  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final BenchOptions options;
  private final Progress progress;
  private final Figures figures = new Figures();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private BenchStack stack;
  private BenchProcesses processes;
  private boolean closed;

  Bench(BenchOptions options, Progress progress) {
    this.options = options;
    this.progress = progress;
  }

  /** The number of phases a run with {@code options} prints. */
  static int phases(BenchOptions options) {
    int phases = 1;
    phases += options.needsBacklog() ? 1 : 0;
    phases += options.runs(Phase.RELAY) ? 1 : 0;
    phases += options.runs(Phase.POLLING) ? 1 : 0;
    phases += options.runs(Phase.APPLY) || options.runs(Phase.SINGLE) ? 1 : 0;
    phases += options.runs(Phase.SCALE) ? 1 : 0;
    phases += options.runs(Phase.E2E) ? 1 : 0;
    return phases;
  }

  /**
   * Runs every phase that is not skipped.
   *
   * @throws BenchException when a phase cannot run
   */
  Figures run() {
    long began = System.nanoTime();
    List<Path> missing =
        BenchProcesses.jars(options.home()).stream().filter(j -> !Files.exists(j)).toList();
    if (!missing.isEmpty()) {
      throw new BenchException(
          "not built yet: " + missing + "; run ./mvnw -DskipTests package (bin/outbox does it)");
    }
    figures.put("events", options.events());
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("load_before", loadAverages());
    figures.put("skipped", options.skipped().stream().map(Phase::option).sorted().toList());
    progress.line(
        "outbox bench: %,d events on %d cores, load average %s; logs in %s",
        options.events(),
        Runtime.getRuntime().availableProcessors(),
        loadAverages(),
        options.logs());

    startStack();
    Sql sql = new Sql(servers());
    Kafka kafka = add(new Kafka(servers().kafkaBootstrap()));
    kafka.createTopics(List.of(RELAY_TOPIC, POLLING_TOPIC, BACKFILL_TOPIC));
    if (options.needsBacklog()) {
      backlog();
    }
    DrainWatch drains = new DrainWatch(kafka, stack, progress);
    if (options.runs(Phase.RELAY)) {
      relayDrain(sql, kafka, drains);
    }
    if (options.runs(Phase.POLLING)) {
      pollingDrain(sql, kafka, drains);
    }
    if (options.runs(Phase.RELAY) && options.runs(Phase.POLLING)) {
      figures.put(
          "relay_polling_drain_ratio",
          figures.number("relay_drain_eps") / figures.number("polling_drain_eps"),
          2);
      figures.put(
          "relay_polling_cpu_ratio",
          figures.number("relay_cpu_s_per_100k") / figures.number("polling_cpu_s_per_100k"),
          2);
      progress.step(
          "relay / polling: %.2fx the drain rate at %.2fx the CPU per event",
          figures.number("relay_polling_drain_ratio"), figures.number("relay_polling_cpu_ratio"));
    }
    if (options.runs(Phase.APPLY) || options.runs(Phase.SINGLE)) {
      apply(sql, kafka);
    }
    if (options.runs(Phase.SCALE)) {
      scale(sql, kafka);
    }
    if (options.runs(Phase.E2E)) {
      endToEnd(sql, kafka);
    }
    figures.put("load_after", loadAverages());
    figures.put("duration_s", Math.round((System.nanoTime() - began) / 1e9));
    return figures;
  }

  private void startStack() {
    progress.phase(
        "stack",
        "PostgreSQL (durable: fsync, full_page_writes, synchronous_commit on) and a Kafka broker,"
            + " each a process of its own, on free ports");
    try {
      Files.createDirectories(options.logs());
    } catch (IOException e) {
      throw new BenchException("cannot create " + options.logs() + ": " + e.getMessage(), e);
    }
    stack = add(BenchStack.start(new LocalDeployment(options.home(), options.logs())));
    processes = new BenchProcesses(options.home(), options.logs(), servers());
    String settings =
        (String)
            new Sql(servers())
                .query(
                    ServiceDatabase.CUSTOMERS,
                    "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings"
                        + " WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit',"
                        + " 'track_commit_timestamp')")
                .get(0)[0];
    figures.put("postgres", settings);
    progress.result(
        "PostgreSQL on 127.0.0.1:%d (%s), Kafka on %s; data in %s",
        servers().postgres().port(), settings, servers().kafkaBootstrap(), stack.dataDirectory());
  }

  private void backlog() {
    int customers = CustomerWrites.backlogCustomers(options.events());
    progress.phase(
        "backlog",
        String.format(
            "%,d customer events (%,d customers, each created then updated) written with"
                + " customer-app's unit of work and outbox, %,d per transaction, no relay running",
            options.events(), customers, BACKLOG_PER_TRANSACTION));
    if (options.runs(Phase.RELAY)) {
      // The slot must exist before the backlog: what is written before it is never streamed.
      SupervisedChild relay = start(processes.relay("relay"));
      Children.awaitHealthy(relay, BenchStack.START_TIMEOUT);
      stop(relay);
      progress.step("relay started once to create its slot %s, then stopped", BenchProcesses.SLOT);
    }
    long began = System.nanoTime();
    try (CustomerWrites writes = new CustomerWrites(servers(), 1)) {
      writes.write(
          options.events(),
          customers,
          BACKLOG_PER_TRANSACTION,
          n -> progress.live("%,d of %,d events committed", n, options.events()));
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    progress.result(
        "%,d events in %.1f s (%,.0f/s)", options.events(), seconds, options.events() / seconds);
  }

  private void relayDrain(Sql sql, Kafka kafka, DrainWatch drains) {
    progress.phase(
        "relay drain",
        "the relay jar (java " + BenchProcesses.HEAP + " -jar) started on the backlog");
    drain("relay", "relay", RELAY_TOPIC, processes.relay("relay"), sql, kafka, drains);
  }

  private void pollingDrain(Sql sql, Kafka kafka, DrainWatch drains) {
    progress.phase(
        "polling baseline",
        String.format(
            "SELECT ... LIMIT %d FOR UPDATE SKIP LOCKED, send with an idempotent producer, wait"
                + " for the acks, DELETE, commit; in a JVM of its own (%s) on the same backlog",
            options.pollingBatch(), BenchProcesses.HEAP));
    drain(
        "polling",
        "polling-relay",
        POLLING_TOPIC,
        processes.pollingRelay("polling-relay", POLLING_TOPIC, options.pollingBatch()),
        sql,
        kafka,
        drains);
  }

  /** Starts a drainer on the backlog, watches it to the last record, stops it, keeps figures. */
  private void drain(
      String figure,
      String process,
      String topic,
      ChildSpec spec,
      Sql sql,
      Kafka kafka,
      DrainWatch drains) {
    sql.execute(ServiceDatabase.CUSTOMERS, "CHECKPOINT");
    Map<TopicPartition, Long> from = kafka.endOffsets(topic);
    long startedAt = System.currentTimeMillis();
    SupervisedChild drainer = start(spec);
    DrainWatch.Result r =
        drains.watch(drainer, startedAt, topic, from, options.events(), processes.gcLog(process));
    stop(drainer);
    put(figure, r);
    progress.result(
        "%,.0f events/s first to last record (%,.0f/s from process start); %.2f CPU-s per 100k"
            + " (%.2f from start); peak RSS %s MiB, heap %s MiB; PostgreSQL %.2f, Kafka %.2f CPU-s"
            + " per 100k",
        r.eps(),
        r.epsFromStart(),
        r.per100k(r.cpuSeconds()),
        r.per100k(r.cpuSecondsFromStart()),
        text(r.peakRssMib()),
        text(r.peakHeapMib()),
        r.per100k(r.postgresCpuSeconds()),
        r.per100k(r.kafkaCpuSeconds()));
  }

  private void put(String prefix, DrainWatch.Result r) {
    figures.put(prefix + "_drain_eps", r.eps(), 0);
    figures.put(prefix + "_drain_eps_from_start", r.epsFromStart(), 0);
    figures.put(prefix + "_cpu_s_per_100k", r.per100k(r.cpuSeconds()), 2);
    figures.put(prefix + "_cpu_s_per_100k_from_start", r.per100k(r.cpuSecondsFromStart()), 2);
    figures.put(prefix + "_peak_rss_mib", r.peakRssMib());
    figures.put(prefix + "_peak_heap_mib", r.peakHeapMib());
    figures.put(prefix + "_pg_cpu_s_per_100k", r.per100k(r.postgresCpuSeconds()), 2);
    figures.put(prefix + "_kafka_cpu_s_per_100k", r.per100k(r.kafkaCpuSeconds()), 2);
  }

  private void apply(Sql sql, Kafka kafka) {
    String topic = options.runs(Phase.RELAY) ? RELAY_TOPIC : POLLING_TOPIC;
    progress.phase(
        "consumer apply",
        "order-app (its jar, its customer replica and handler) applies the backlog from "
            + topic
            + ", each pass on an emptied replica and inbox with a consumer group of its own");
    ApplyPhase phase = new ApplyPhase(this, sql, kafka, progress);
    if (options.runs(Phase.APPLY)) {
      int batch = EventConsumerConfig.DEFAULT_BATCH_SIZE;
      progress.step("default settings (ORDER_APP_CONSUMER_BATCH_SIZE unset: %d)", batch);
      ApplyPhase.Result r =
          phase.run("order-app-batched", "bench-apply-batched", null, topic, options.events());
      figures.put("consumer_apply_eps", r.eps(), 0);
      figures.put("consumer_apply_batch_size", batch);
      figures.put("consumer_cpu_s_per_100k", r.cpuPer100k(), 2);
      progress.result(
          "%,.0f events/s first to last commit; order-app %.2f CPU-s per 100k",
          r.eps(), r.cpuPer100k());
    }
    if (options.runs(Phase.SINGLE)) {
      progress.step(
          "one event per transaction (ORDER_APP_CONSUMER_BATCH_SIZE=1), %,d events",
          options.singleEvents());
      ApplyPhase.Result r =
          phase.run("order-app-single", "bench-apply-single", 1, topic, options.singleEvents());
      figures.put("consumer_apply_eps_single", r.eps(), 0);
      figures.put("consumer_apply_events_single", r.events());
      figures.put("consumer_cpu_s_per_100k_single", r.cpuPer100k(), 2);
      progress.result(
          "%,.0f events/s first to last commit; order-app %.2f CPU-s per 100k",
          r.eps(), r.cpuPer100k());
    }
    if (options.runs(Phase.APPLY) && options.runs(Phase.SINGLE)) {
      figures.put(
          "consumer_apply_ratio",
          figures.number("consumer_apply_eps") / figures.number("consumer_apply_eps_single"),
          2);
      progress.step("default / one per transaction: %.2fx", figures.number("consumer_apply_ratio"));
    }
  }

  /**
   * The backlog applied by 1, 2, 3 (--scale-instances) order-app processes started together in one
   * consumer group, each pass on an emptied replica and inbox with a group of its own, as ratios
   * against one process of the same run; with the machine's busy share beside, which says whether
   * more processes could have helped at all.
   */
  private void scale(Sql sql, Kafka kafka) {
    String topic = options.runs(Phase.RELAY) ? RELAY_TOPIC : POLLING_TOPIC;
    progress.phase(
        "consumer scaling",
        String.format(
            "%,d events of %s (%d partitions) applied by %s order-app processes started together"
                + " in one consumer group, each pass on an emptied replica and inbox with a group"
                + " of its own",
            options.scaleEvents(),
            topic,
            Kafka.PARTITIONS,
            options.scaleInstances().stream().map(String::valueOf).collect(joining(", "))));
    ApplyPhase phase = new ApplyPhase(this, sql, kafka, progress);
    Map<Integer, ApplyPhase.Result> results = new LinkedHashMap<>();
    for (int n : options.scaleInstances()) {
      progress.step(
          "%d instance%s%s",
          n,
          n == 1 ? "" : "s",
          n > Kafka.PARTITIONS
              ? " (more than the " + Kafka.PARTITIONS + " partitions: some hold none)"
              : "");
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        names.add("order-app-scale" + n + "-" + i);
      }
      ApplyPhase.Result r =
          phase.run(names, "bench-scale-" + n, null, topic, options.scaleEvents());
      results.put(n, r);
      progress.result(
          "%,.0f events/s first to last commit; order-app %.2f, PostgreSQL %.2f CPU-s per 100k;"
              + " machine %.0f%% busy; partitions per process %s, held so %s",
          r.eps(),
          r.cpuPer100k(),
          r.postgresCpuPer100k(),
          r.machineBusyPercent(),
          r.spread(),
          Double.isNaN(r.settledSeconds())
              ? "by none"
              : String.format(
                  Locale.ROOT, "from %.1f s after the first commit", r.settledSeconds()));
    }
    double one = results.get(1).eps();
    List<Double> ratios = results.values().stream().map(r -> r.eps() / one).toList();
    figures.put("scale_events", options.scaleEvents());
    figures.put("scale_instances", List.copyOf(results.keySet()));
    figures.put("scale_apply_eps", results.values().stream().map(r -> r.eps()).toList(), 0);
    figures.put("scale_ratio", ratios, 2);
    figures.put(
        "scale_cpu_s_per_100k", results.values().stream().map(r -> r.cpuPer100k()).toList(), 2);
    figures.put(
        "scale_pg_cpu_s_per_100k",
        results.values().stream().map(r -> r.postgresCpuPer100k()).toList(),
        2);
    figures.put(
        "scale_machine_busy_pct",
        results.values().stream().map(r -> r.machineBusyPercent()).toList(),
        0);
    figures.put("scale_partitions", results.values().stream().map(r -> r.spread()).toList());
    progress.step(
        "against 1 instance: %s",
        results.keySet().stream()
            .map(n -> String.format(Locale.ROOT, "%d: %.2fx", n, results.get(n).eps() / one))
            .collect(joining(", ")));
  }

  private void endToEnd(Sql sql, Kafka kafka) {
    progress.phase(
        "end to end",
        String.format(
            "customer-app's update transaction at %d and %d tx/s (%d writers), through the relay"
                + " and Kafka to order-app's replica: commit to view commit, from PostgreSQL's"
                + " commit timestamps",
            options.rate(), options.highRate(), options.writers()));
    try (FreshnessPhase phase = new FreshnessPhase(this, sql, progress, options.writers())) {
      phase.prepare(kafka, Math.max(200, 2 * options.highRate()));
      FreshnessPhase.Result low =
          phase.measure(options.rate(), options.warmUp(), options.measured());
      put("", low);
      FreshnessPhase.Result high =
          phase.measure(options.highRate(), options.warmUp(), options.measured());
      put("_1000", high);
      if (!options.idle().isZero()) {
        progress.step("idle: nothing written for %d s", options.idle().toSeconds());
        FreshnessPhase.Idle idle = phase.idle(options.idle());
        figures.put("relay_idle_cpu_pct", idle.relayPercent(), 1);
        figures.put("consumer_idle_cpu_pct", idle.consumerPercent(), 1);
        progress.result(
            "relay %.1f%%, order-app %.1f%% of a core",
            idle.relayPercent(), idle.consumerPercent());
      }
    }
  }

  private void put(String suffix, FreshnessPhase.Result r) {
    figures.put("e2e_offered_tx_s" + suffix, r.offered());
    figures.put("e2e_rate_tx_s" + suffix, r.achieved(), 0);
    figures.put("e2e_events" + suffix, r.latencies().count());
    figures.put("e2e_p50_ms" + suffix, r.latencies().p50Millis(), 1);
    figures.put("e2e_p99_ms" + suffix, r.latencies().p99Millis(), 1);
    figures.put("e2e_max_ms" + suffix, r.latencies().maxMillis(), 1);
    figures.put("e2e_relay_cpu_pct" + suffix, r.relayCpuPercent(), 1);
    figures.put("e2e_consumer_cpu_pct" + suffix, r.consumerCpuPercent(), 1);
    progress.result(
        "%d tx/s offered, %.0f committed: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d events;"
            + " relay %.0f%%, order-app %.0f%% of a core",
        r.offered(),
        r.achieved(),
        r.latencies().p50Millis(),
        r.latencies().p99Millis(),
        r.latencies().maxMillis(),
        r.latencies().count(),
        r.relayCpuPercent(),
        r.consumerCpuPercent());
  }

  Servers servers() {
    return stack.servers();
  }

  BenchProcesses processes() {
    return processes;
  }

  /** The postmaster's process id: its tree is the whole server. */
  long postgresPid() {
    return stack.postgresPid();
  }

  /** Starts a child that {@link #close()} stops. */
  synchronized SupervisedChild start(ChildSpec spec) {
    if (closed) {
      throw new Pause.BenchInterrupted();
    }
    SupervisedChild child = new SupervisedChild(spec, Clock.systemUTC());
    resources.push(() -> child.stop(STOP_GRACE));
    child.start();
    return child;
  }

  /** Stops a child now (SIGTERM, then SIGKILL after {@link #STOP_GRACE}). */
  void stop(SupervisedChild child) {
    child.stop(STOP_GRACE);
  }

  private synchronized <T extends AutoCloseable> T add(T resource) {
    if (closed) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing anyway.
      }
      throw new Pause.BenchInterrupted();
    }
    resources.push(resource);
    return resource;
  }

  /** Stops every process this run started and deletes its data, the last started first. */
  @Override
  public synchronized void close() {
    closed = true;
    List<Exception> failures = new ArrayList<>();
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw new BenchException(
          "cleaning up failed: " + failures.get(0).getMessage(), failures.get(0));
    }
  }

  private static String text(java.util.OptionalLong value) {
    return value.isPresent() ? Long.toString(value.getAsLong()) : "?";
  }

  private static List<Double> loadAverages() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return List.of(
          Double.parseDouble(fields[0]),
          Double.parseDouble(fields[1]),
          Double.parseDouble(fields[2]));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
