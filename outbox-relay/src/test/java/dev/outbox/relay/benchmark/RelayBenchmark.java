package dev.outbox.relay.benchmark;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.fixture.Ports;
import dev.outbox.relay.fixture.RelayProcess;
import dev.outbox.stack.Durability;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Measures the relay as production runs it: the packaged jar ({@code target/outbox-relay.jar}) as a
 * child process with {@code -Xmx256m}, against the embedded stack (PostgreSQL durable as in
 * production, as a child process; the Kafka broker in this JVM, all on this machine). The relay's
 * CPU is what Linux counts for its process ({@code /proc/<pid>/stat}); records are counted by a
 * consumer in this JVM. For each of {@code bench.runs} runs (3 by default) it prints, then the
 * median of each figure:
 *
 * <ol>
 *   <li><b>drain</b>: a fresh relay drains 100,000 outbox rows committed while it was stopped:
 *       events/s first to last record and from the process start, the relay's CPU-seconds for it
 *       (from the process start, and first to last record) and by thread, its peak heap;
 *   <li><b>latency</b>: 300 single-row transactions per second for 30 s (after 10 s of warm-up on
 *       the same relay): commit-to-Kafka-ack p50/p99/p99.9 as the relay measures it, commit to this
 *       JVM's consumer, and the relay's CPU in those 30 s;
 *   <li><b>idle</b>: a relay with nothing to publish: its CPU over 20 s as a share of one core, by
 *       thread, then the latency of ten single events each after a second of quiet.
 * </ol>
 *
 * <p>Run with {@code ./mvnw -B -pl outbox-relay -am -Pbenchmark package -DskipTests}. Options
 * (system properties of the benchmark, see the pom): {@code bench.phases} (e.g. {@code
 * drain,idle}), {@code bench.runs}, {@code bench.jvm} (the relay's JVM options, {@code -Xmx256m} by
 * default), {@code bench.jfr=true} (records the first run of each phase with JFR, cold and warm
 * drain apart, and prints its top frames). {@code RELAY_*} variables of the environment are passed
 * to the relay, so a tuning can be tried without a rebuild. Not a test: it asserts nothing.
 */
public final class RelayBenchmark {

  private static final int BACKLOG = 100_000;
  private static final int RATE = 300;
  private static final int PARTITIONS = 3;
  private static final Duration WARM_UP = Duration.ofSeconds(10);
  private static final Duration MEASURED = Duration.ofSeconds(30);
  private static final Duration IDLE = Duration.ofSeconds(Long.getLong("bench.idle.seconds", 20));
  private static final Duration STALL = Duration.ofSeconds(60);
  private static final String COMMIT_TO_ACK = "outbox_relay_commit_to_ack_seconds";

  /** Linux keeps 15 characters of a thread's name: Debezium's Postgres decoding thread. */
  private static final String DECODING_THREAD = "debezium-postgr";

  private final OutboxStack stack;
  private final ServiceDatabase db = ServiceDatabase.CUSTOMERS;
  private final List<String> jvm;
  private final boolean jfr;
  private final Path output;
  private final Map<String, List<Double>> figures = new LinkedHashMap<>();
  private final Map<String, String> jars;
  private String label;
  private final Map<String, String> settings = new HashMap<>();

  private RelayBenchmark(
      OutboxStack stack, List<String> jvm, boolean jfr, Path output, Map<String, String> jars) {
    this.stack = stack;
    this.jars = jars;
    this.jvm = jvm;
    this.jfr = jfr;
    this.output = output;
  }

  public static void main(String[] args) throws Exception {
    Set<String> phases =
        Set.of(System.getProperty("bench.phases", "drain,latency,idle").split(","));
    int runs = Integer.parseInt(System.getProperty("bench.runs", "3"));
    List<String> jvm =
        Arrays.asList(System.getProperty("bench.jvm", "-Xmx256m").trim().split("\\s+"));
    boolean jfr = Boolean.parseBoolean(System.getProperty("bench.jfr", "false"));
    Path output = Files.createDirectories(Paths.get("target", "benchmark"));
    // label=jar,label=jar: the jars to compare (the one under test first); by default the
    // module's own.
    Map<String, String> jars = new LinkedHashMap<>();
    for (String jar :
        System.getProperty("bench.jars", "relay=" + System.getProperty("relay.jar")).split(",")) {
      String[] parts = jar.split("=", 2);
      jars.put(parts[0].trim(), parts[1].trim());
    }
    System.out.printf(
        "relay benchmark: phases %s, %d runs, jars %s, relay JVM %s, RELAY_* from the"
            + " environment: %s%n",
        phases, runs, jars, jvm, relayEnvironment());
    // Durable as in production: with fsync off every commit-bound figure would be flattered.
    try (OutboxStack stack =
        Stacks.start(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE))) {
      RelayBenchmark benchmark = new RelayBenchmark(stack, jvm, jfr, output, jars);
      for (int run = 1; run <= runs; run++) {
        for (String phase : List.of("drain", "latency", "idle")) {
          if (!phases.contains(phase)) {
            continue;
          }
          // Each jar in turn, phase by phase: compared side by side, under the same load.
          for (Map.Entry<String, String> jar : jars.entrySet()) {
            benchmark.label = jar.getKey();
            // path|RELAY_X=value|...: the jar, with settings of its own.
            String[] spec = jar.getValue().split("\\|");
            System.setProperty("relay.jar", spec[0]);
            benchmark.settings.clear();
            for (int i = 1; i < spec.length; i++) {
              String[] setting = spec[i].split("=", 2);
              benchmark.settings.put(setting[0], setting[1]);
            }
            switch (phase) {
              case "drain" -> benchmark.drain(run);
              case "latency" -> benchmark.latency(run);
              default -> benchmark.idle(run);
            }
            benchmark.dropSlot("bench_" + phase + "_" + benchmark.id(run));
          }
        }
      }
      benchmark.printMedians(runs);
    }
  }

  // ---------------------------------------------------------------------------------- drain

  private void drain(int run) throws Exception {
    String slot = "bench_drain_" + id(run);
    String type = "bench-drain-" + id(run).replace('_', '-');
    String topic = createTopic(type);
    String warmTopic = createTopic(type + "-warm");
    Map<String, String> env = environment(slot);
    // The slot must exist before the backlog is written: rows before it are not streamed.
    try (RelayProcess relay = start("drain-slot-" + id(run), env, List.of())) {
      relay.awaitHealthy(Duration.ofMinutes(2));
      stop(relay);
    }
    insertBacklog("drain " + tag(run), type, BACKLOG);

    Path gc = output.resolve("drain-" + id(run) + "-gc.log");
    List<String> extra = new ArrayList<>(List.of("-Xlog:gc:file=" + gc));
    boolean profile = jfr && run == 1;
    if (profile) {
      extra.add("-XX:StartFlightRecording=name=cold,settings=" + Jfr.settings());
    }
    long started = System.nanoTime();
    try (RelayProcess relay = start("drain-" + id(run), env, extra)) {
      ProcessCpu cpu = new ProcessCpu(relay.pid());
      Map<String, Double> threadsAtStart = Map.of();
      Drained cold;
      try (RecordWatch watch =
          new RecordWatch(
              stack.kafkaBootstrapServers(), topic, PARTITIONS, BACKLOG, sampler(cpu, slot))) {
        watch.awaitCount(BACKLOG, STALL);
        cold = new Drained(watch, cpu.byThread(), threadsAtStart);
      }
      if (profile) {
        Jfr.stop(relay.pid(), "cold", output.resolve("drain-" + id(run) + "-cold.jfr"));
      }
      double fromStart = (cold.lastNanos - started) / 1e9;
      record("drain events/s, first to last record", cold.eventsPerSecond());
      record("drain events/s, from process start", BACKLOG / fromStart);
      record(
          "drain CPU-s per 100k, from process start", cold.cpuAtLast.relay() * 100_000.0 / BACKLOG);
      record("drain CPU-s per 100k, first to last record", cold.cpuPer100k());
      record(
          "drain CPU-s per 100k from process start, JIT compiler threads",
          jit(cold.threads) * 100_000.0 / BACKLOG);
      System.out.printf(
          "drain %s (cold, a new relay process): %,d events in %.2f s first to last record ="
              + " %,.0f events/s (producer timestamps: %.2f s); %.2f s from process start ="
              + " %,.0f events/s%n",
          tag(run),
          BACKLOG,
          cold.seconds(),
          cold.eventsPerSecond(),
          cold.timestampSeconds,
          fromStart,
          BACKLOG / fromStart);
      System.out.printf(
          "drain %s (cold): relay CPU %.2f s from process start to last record, %.2f s first to"
              + " last record (%.0f%% of a core)%n",
          tag(run), cold.cpuAtLast.relay(), cold.cpu(), 100 * cold.cpu() / cold.seconds());
      System.out.printf("drain %s (cold): %s%n", tag(run), cold.machine());
      System.out.printf(
          "drain %s (cold): relay CPU-s by thread, from process start: %s%n",
          tag(run), top(cold.threads, 10));

      // The same relay, warm, drains a second backlog: stopped (SIGSTOP) while it is written.
      if (profile) {
        Jfr.start(relay.pid(), "warm");
      }
      Map<String, Double> threadsBefore = cpu.byThread();
      signal(relay.pid(), "STOP");
      try {
        insertBacklog("drain " + tag(run) + " (warm)", type + "-warm", BACKLOG);
      } finally {
        signal(relay.pid(), "CONT");
      }
      Drained warm;
      try (RecordWatch watch =
          new RecordWatch(
              stack.kafkaBootstrapServers(), warmTopic, PARTITIONS, BACKLOG, sampler(cpu, slot))) {
        watch.awaitCount(BACKLOG, STALL);
        warm = new Drained(watch, cpu.byThread(), threadsBefore);
      }
      if (profile) {
        Jfr.stop(relay.pid(), "warm", output.resolve("drain-" + id(run) + "-warm.jfr"));
      }
      double rss = cpu.peakRssMib();
      stop(relay);
      record("drain warm events/s, first to last record", warm.eventsPerSecond());
      record("drain warm CPU-s per 100k, first to last record", warm.cpuPer100k());
      record(
          "drain warm CPU-s per 100k, JIT compiler threads",
          jit(warm.threads) * 100_000.0 / BACKLOG);
      System.out.printf(
          "drain %s (warm, the same process again): %,d events in %.2f s first to last record ="
              + " %,.0f events/s; relay CPU %.2f s (%.0f%% of a core) = %.2f CPU-s per 100,000%n",
          tag(run),
          BACKLOG,
          warm.seconds(),
          warm.eventsPerSecond(),
          warm.cpu(),
          100 * warm.cpu() / warm.seconds(),
          warm.cpuPer100k());
      System.out.printf(
          "drain %s (warm): relay CPU-s by thread: %s%n", tag(run), top(warm.threads, 10));
      System.out.printf("drain %s (warm): %s%n", tag(run), warm.machine());

      GcLog heap = GcLog.read(gc);
      record("drain peak heap MiB (before a GC)", heap.peakBeforeMib());
      record("drain peak RSS MiB", rss);
      System.out.printf(
          "drain %s: heap at most %d MiB when a collection began, %d MiB after one; %d pauses"
              + " (%.0f ms); peak RSS %.0f MiB%n",
          tag(run),
          heap.peakBeforeMib(),
          heap.maxAfterMib(),
          heap.pauses(),
          heap.pauseMillis(),
          rss);
    }
    if (profile) {
      for (String which : List.of("cold", "warm")) {
        Path recording = output.resolve("drain-" + id(run) + "-" + which + ".jfr");
        System.out.println(
            "drain " + tag(run) + " " + which + ": JFR recording " + recording.toAbsolutePath());
        JfrProfile.read(recording).print(12);
      }
    }
  }

  /** What a {@link RecordWatch} saw of one drain, and the relay's CPU by thread over it. */
  private static final class Drained {
    final long firstNanos;
    final long lastNanos;
    final CpuSnapshot cpuAtFirst;
    final CpuSnapshot cpuAtLast;
    final double timestampSeconds;
    final Map<String, Double> threads = new HashMap<>();

    Drained(RecordWatch watch, Map<String, Double> threadsNow, Map<String, Double> threadsBefore) {
      firstNanos = watch.firstNanos();
      lastNanos = watch.targetNanos();
      cpuAtFirst = watch.cpuAtFirst();
      cpuAtLast = watch.cpuAtTarget();
      timestampSeconds = watch.timestampSpanMillis() / 1000.0;
      threadsNow.forEach((k, v) -> threads.put(k, v - threadsBefore.getOrDefault(k, 0.0)));
    }

    double seconds() {
      return (lastNanos - firstNanos) / 1e9;
    }

    double cpu() {
      return cpuAtLast.relay() - cpuAtFirst.relay();
    }

    /** Who used the machine's CPU first to last record. */
    String machine() {
      CpuSnapshot used = cpuAtLast.minus(cpuAtFirst);
      return String.format(
          Locale.ROOT,
          "machine %.0f%% busy (of %.0f%% for its cores); CPU-s: relay %.2f, PostgreSQL walsender"
              + " %.2f, this JVM (Kafka broker, consumer) %.2f, everything else %.2f",
          100 * used.busy() / seconds(),
          100 * used.total() / seconds(),
          used.relay(),
          used.walsender(),
          used.benchmark(),
          used.busy() - used.relay() - used.walsender() - used.benchmark());
    }

    double eventsPerSecond() {
      return BACKLOG / seconds();
    }

    double cpuPer100k() {
      return cpu() * 100_000.0 / BACKLOG;
    }
  }

  /** Takes the CPU used so far by the relay, its slot's walsender, this JVM and the machine. */
  private Supplier<CpuSnapshot> sampler(ProcessCpu relay, String slot) {
    ProcessCpu self = new ProcessCpu(ProcessHandle.current().pid());
    AtomicReference<ProcessCpu> walsender = new AtomicReference<>();
    return () -> {
      if (walsender.get() == null) {
        walsender.set(walsender(slot));
      }
      return CpuSnapshot.take(relay, walsender.get(), self);
    };
  }

  /** The walsender process that streams the slot (its pid in {@code pg_replication_slots}). */
  private ProcessCpu walsender(String slot) {
    try (Connection c = appConnection();
        PreparedStatement query =
            c.prepareStatement("SELECT active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
      query.setString(1, slot);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() && rs.getObject(1) != null ? new ProcessCpu(rs.getLong(1)) : null;
      }
    } catch (SQLException e) {
      return null;
    }
  }

  private static void signal(long pid, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }

  private void insertBacklog(String what, String type, int rows) throws SQLException {
    long writeStart = System.nanoTime();
    insertBacklog(type, rows);
    System.out.printf(
        "%s: %,d rows committed in %d ms while the relay was stopped%n",
        what, rows, (System.nanoTime() - writeStart) / 1_000_000);
  }

  /** Writes the backlog server-side in transactions of 10,000 rows: about 230 bytes each. */
  private void insertBacklog(String type, int rows) throws SQLException {
    try (Connection c = appConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version,"
                    + " event_type, schema_version, payload, occurred_at)"
                    + " SELECT gen_random_uuid(), ?, 'agg-' || (n % 1000), n / 1000 + 1,"
                    + " 'BenchmarkHappened', 1, jsonb_build_object('id', 'agg-' || (n % 1000),"
                    + " 'name', 'Customer ' || n, 'email', 'customer' || n || '@example.com',"
                    + " 'address', '1 Benchmark Street, Springfield', 'creditLimit', 1000.00,"
                    + " 'version', n / 1000 + 1), now()"
                    + " FROM generate_series(?, ?) AS n")) {
      for (int from = 0; from < rows; from += 10_000) {
        insert.setString(1, type);
        insert.setInt(2, from);
        insert.setInt(3, from + 9_999);
        insert.executeUpdate();
      }
    }
  }

  // -------------------------------------------------------------------------------- latency

  private void latency(int run) throws Exception {
    String slot = "bench_latency_" + id(run);
    String type = "bench-latency-" + id(run).replace('_', '-');
    String topic = createTopic(type);
    int warmUp = (int) (RATE * WARM_UP.toSeconds());
    int measured = (int) (RATE * MEASURED.toSeconds());
    try (RelayProcess relay = start("latency-" + id(run), environment(slot), List.of());
        RecordWatch watch =
            new RecordWatch(stack.kafkaBootstrapServers(), topic, PARTITIONS, 0, () -> null)) {
      relay.awaitHealthy(Duration.ofMinutes(2));
      ProcessCpu cpu = new ProcessCpu(relay.pid());
      offer(type, "warm", warmUp, new ConcurrentHashMap<>());
      watch.awaitCount(warmUp, STALL);
      Histogram before = Histogram.parse(relay.metrics(), COMMIT_TO_ACK);
      double cpuBefore = cpu.seconds();
      Map<String, Double> threadsBefore = cpu.byThread();

      boolean profile = jfr && run == 1;
      if (profile) {
        Jfr.start(relay.pid(), "latency");
      }
      Map<String, Long> commits = new ConcurrentHashMap<>();
      double seconds = offer(type, "measured", measured, commits);
      watch.awaitCount(warmUp + measured, STALL);
      double cpuUsed = cpu.seconds() - cpuBefore;
      if (profile) {
        Jfr.stop(relay.pid(), "latency", output.resolve("latency-" + id(run) + ".jfr"));
      }
      Map<String, Double> threads = new HashMap<>();
      cpu.byThread().forEach((k, v) -> threads.put(k, v - threadsBefore.getOrDefault(k, 0.0)));
      Histogram ack = Histogram.parse(relay.metrics(), COMMIT_TO_ACK).minus(before);
      stop(relay);

      double[] consumed = latencies(commits, watch);
      record("latency p50 ms (commit to ack, relay)", 1000 * ack.quantile(0.5));
      record("latency p99 ms (commit to ack, relay)", 1000 * ack.quantile(0.99));
      record("latency p99 ms (commit to consumer)", percentile(consumed, 0.99));
      record("latency relay CPU % of a core at 300 tx/s", 100 * cpuUsed / seconds);
      record("latency relay CPU %, JIT compiler threads", 100 * jit(threads) / seconds);
      System.out.printf(
          "latency %s: %,d single-row transactions in %.1f s (%.0f tx/s); commit to Kafka ack (the"
              + " relay's histogram of %,.0f): p50=%.1f p99=%.1f p99.9=%.1f ms; commit to this"
              + " JVM's consumer: p50=%.1f p99=%.1f max=%.1f ms%n",
          tag(run),
          measured,
          seconds,
          measured / seconds,
          ack.count(),
          1000 * ack.quantile(0.5),
          1000 * ack.quantile(0.99),
          1000 * ack.quantile(0.999),
          percentile(consumed, 0.5),
          percentile(consumed, 0.99),
          percentile(consumed, 1.0));
      System.out.printf(
          "latency %s: relay CPU %.2f s in %.1f s = %.1f%% of a core; by thread: %s%n",
          tag(run), cpuUsed, seconds, 100 * cpuUsed / seconds, top(threads, 8));
      if (profile) {
        JfrProfile.read(output.resolve("latency-" + id(run) + ".jfr")).print(12);
      }
    }
  }

  /**
   * Offers single-row transactions at {@link #RATE} per second, noting when each commit returned.
   *
   * @return the seconds it took
   */
  private double offer(String type, String run, int total, Map<String, Long> commits)
      throws Exception {
    try (Connection c = appConnection();
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      AtomicInteger sent = new AtomicInteger();
      AtomicReference<Exception> failure = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      long started = System.nanoTime();
      pacer.scheduleAtFixedRate(
          () -> {
            int n = sent.getAndIncrement();
            if (n >= total) {
              done.countDown();
              return;
            }
            try {
              UUID id = UUID.randomUUID();
              bind(insert, id, type, run, n);
              insert.executeUpdate(); // autocommit: one transaction per row
              commits.put(id.toString(), System.nanoTime());
            } catch (SQLException e) {
              failure.set(e);
              done.countDown();
            }
          },
          0,
          1_000_000_000L / RATE,
          TimeUnit.NANOSECONDS);
      done.await();
      pacer.shutdownNow();
      if (failure.get() != null) {
        throw failure.get();
      }
      return (System.nanoTime() - started) / 1e9;
    }
  }

  private static final String INSERT =
      "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,"
          + " schema_version, payload, occurred_at) VALUES (?, ?, ?, ?, 'BenchmarkHappened', 1,"
          + " ?::jsonb, ?)";

  private static void bind(PreparedStatement insert, UUID id, String type, String run, int n)
      throws SQLException {
    insert.setObject(1, id);
    insert.setString(2, type);
    insert.setString(3, run + "-" + (n % 100));
    insert.setLong(4, n / 100 + 1);
    insert.setString(5, payload(n));
    insert.setObject(6, OffsetDateTime.now());
  }

  private static String payload(int n) {
    return "{\"id\":\"agg-"
        + (n % 100)
        + "\",\"name\":\"Customer "
        + n
        + "\",\"email\":\"customer"
        + n
        + "@example.com\",\"address\":\"1 Benchmark Street, Springfield\","
        + "\"creditLimit\":1000.00,\"version\":"
        + (n / 100 + 1)
        + "}";
  }

  // ----------------------------------------------------------------------------------- idle

  private void idle(int run) throws Exception {
    String slot = "bench_idle_" + id(run);
    String type = "bench-idle-" + id(run).replace('_', '-');
    String topic = createTopic(type);
    try (RelayProcess relay = start("idle-" + id(run), environment(slot), List.of());
        RecordWatch watch =
            new RecordWatch(stack.kafkaBootstrapServers(), topic, PARTITIONS, 0, () -> null)) {
      relay.awaitHealthy(Duration.ofMinutes(2));
      ProcessCpu cpu = new ProcessCpu(relay.pid());
      // One event first: the producer's first send to a topic fetches its metadata.
      try (Connection c = appConnection();
          PreparedStatement insert = c.prepareStatement(INSERT)) {
        bind(insert, UUID.randomUUID(), type, "first", 0);
        insert.executeUpdate();
      }
      watch.awaitCount(1, STALL);
      // Start-up (class loading, JIT, the heartbeat's first connection) is over after the first
      // heartbeat (10 s by default).
      TimeUnit.SECONDS.sleep(Long.getLong("bench.idle.settle.seconds", 12));
      boolean profile = jfr && run == 1;
      if (profile) {
        Jfr.start(relay.pid(), "idle");
      }
      double before = cpu.seconds();
      Map<String, Double> threadsBefore = cpu.byThread();
      double[] decodingBefore = cpu.threadDetail(DECODING_THREAD);
      long from = System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(IDLE.toNanos());
      double used = cpu.seconds() - before;
      double seconds = (System.nanoTime() - from) / 1e9;
      double[] decoding = cpu.threadDetail(DECODING_THREAD);
      if (profile) {
        Jfr.stop(relay.pid(), "idle", output.resolve("idle-" + id(run) + ".jfr"));
      }
      Map<String, Double> threads = new HashMap<>();
      cpu.byThread().forEach((k, v) -> threads.put(k, v - threadsBefore.getOrDefault(k, 0.0)));

      // Single events, each after a second with nothing to publish.
      Map<String, Long> commits = new ConcurrentHashMap<>();
      try (Connection c = appConnection();
          PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (int n = 1; n <= 10; n++) {
          TimeUnit.SECONDS.sleep(1);
          UUID id = UUID.randomUUID();
          bind(insert, id, type, "idle", n);
          insert.executeUpdate();
          commits.put(id.toString(), System.nanoTime());
        }
      }
      watch.awaitCount(11, STALL);
      stop(relay);
      double[] consumed = latencies(commits, watch);
      record("idle CPU % of a core", 100 * used / seconds);
      record("idle CPU %, JIT compiler threads", 100 * jit(threads) / seconds);
      record("idle first event, commit to consumer, median ms", percentile(consumed, 0.5));
      record("idle first event, commit to consumer, max ms", percentile(consumed, 1.0));
      System.out.printf(
          "idle %s: relay CPU %.2f s in %.1f s with nothing to publish = %.2f%% of a core; by"
              + " thread: %s%n",
          tag(run), used, seconds, 100 * used / seconds, top(threads, 8));
      System.out.printf(
          "idle %s: Debezium's decoding thread: %.2f s user, %.2f s system, %.0f sleeps a second%n",
          tag(run),
          decoding[0] - decodingBefore[0],
          decoding[1] - decodingBefore[1],
          (decoding[2] - decodingBefore[2]) / seconds);
      System.out.printf(
          "idle %s: 10 single events after 1 s of quiet each, commit to this JVM's consumer:"
              + " median %.1f ms, max %.1f ms%n",
          tag(run), percentile(consumed, 0.5), percentile(consumed, 1.0));
      if (profile) {
        JfrProfile.read(output.resolve("idle-" + id(run) + ".jfr")).print(12);
      }
    }
  }

  // -------------------------------------------------------------------------------- helpers

  private RelayProcess start(String name, Map<String, String> env, List<String> extraJvm)
      throws Exception {
    List<String> options = new ArrayList<>(jvm);
    options.addAll(extraJvm);
    return RelayProcess.start("bench-" + name, env, options, List.of());
  }

  private static void stop(RelayProcess relay) throws InterruptedException {
    relay.terminate();
    if (relay.awaitExit(Duration.ofSeconds(60)) != 0) {
      throw new IllegalStateException("the relay did not stop cleanly:\n" + relay.output());
    }
  }

  /** Drops a phase's slot once its walsender is gone: the embedded server has 16 of them. */
  private void dropSlot(String slot) throws Exception {
    DbLogin relay = stack.relayLogin(db);
    try (Connection c =
            DriverManager.getConnection(stack.jdbcUrl(db), relay.user(), relay.password());
        PreparedStatement active =
            c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?");
        PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
      active.setString(1, slot);
      drop.setString(1, slot);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = active.executeQuery()) {
          if (!rs.next()) {
            return;
          }
          if (!rs.getBoolean(1)) {
            drop.execute();
            return;
          }
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  private String createTopic(String aggregateType) throws Exception {
    String topic = aggregateType + ".events";
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
    return topic;
  }

  private Map<String, String> environment(String slot) {
    DbLogin relay = stack.relayLogin(db);
    Map<String, String> env = new HashMap<>(relayEnvironment());
    env.putAll(settings);
    env.put("RELAY_DB_URL", stack.jdbcUrl(db));
    env.put("RELAY_DB_USER", relay.user());
    env.put("RELAY_DB_PASSWORD", relay.password());
    env.put("RELAY_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers());
    env.put("RELAY_SLOT", slot);
    env.put("RELAY_HTTP_PORT", Integer.toString(Ports.free()));
    env.put("RELAY_RETENTION_AGE", "0");
    // Each measurement gets a new slot on a database that holds the earlier runs' rows: what is
    // measured is streaming, not the first start's publication of those rows.
    env.putIfAbsent("RELAY_EXISTING_ROWS", "skip");
    env.putIfAbsent("RELAY_LOG_LEVEL", "warn");
    env.putIfAbsent("RELAY_DEBEZIUM_LOG_LEVEL", "warn");
    return env;
  }

  private static Map<String, String> relayEnvironment() {
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("RELAY_")) {
                env.put(k, v);
              }
            });
    return env;
  }

  private Connection appConnection() throws SQLException {
    DbLogin app = stack.appLogin(db);
    return DriverManager.getConnection(stack.jdbcUrl(db), app.user(), app.password());
  }

  /** Commit-returned to consumed, in milliseconds, sorted. */
  private static double[] latencies(Map<String, Long> commits, RecordWatch watch) {
    return commits.entrySet().stream()
        .mapToDouble(
            e -> {
              Long arrived = watch.arrival(e.getKey());
              return arrived == null ? Double.NaN : (arrived - e.getValue()) / 1e6;
            })
        .filter(d -> !Double.isNaN(d))
        .sorted()
        .toArray();
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** CPU-seconds of the JIT compiler threads (C1 and C2), which a warm relay no longer needs. */
  private static double jit(Map<String, Double> threads) {
    return threads.entrySet().stream()
        .filter(e -> e.getKey().contains("CompilerThre"))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private static String top(Map<String, Double> threads, int n) {
    StringBuilder line = new StringBuilder();
    threads.entrySet().stream()
        .filter(e -> e.getValue() >= 0.005)
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .limit(n)
        .forEach(
            e ->
                line.append(line.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.2f", e.getValue())));
    return line.toString();
  }

  private void record(String figure, double value) {
    String name = jars.size() > 1 ? label + ": " + figure : figure;
    figures.computeIfAbsent(name, f -> new ArrayList<>()).add(value);
  }

  /** The run's number, after the jar's label when several jars are compared. */
  private String tag(int run) {
    return jars.size() > 1 ? label + " " + run : Integer.toString(run);
  }

  /** A name part for slots and topics: the jar's label and the run. */
  private String id(int run) {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "_" + run;
  }

  private void printMedians(int runs) {
    System.out.printf("relay benchmark: medians of %d runs%n", runs);
    figures.forEach(
        (figure, values) -> {
          double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          double median =
              sorted.length % 2 == 1
                  ? sorted[sorted.length / 2]
                  : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
          StringBuilder all = new StringBuilder();
          for (double v : values) {
            all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
          }
          System.out.printf(Locale.ROOT, "  %-48s %,12.1f   (%s)%n", figure, median, all);
        });
  }
}
