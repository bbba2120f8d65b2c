package dev.outbox.local.bench;

import dev.outbox.local.ChildSpec;
import dev.outbox.local.SupervisedChild;
import dev.outbox.reference.db.ServiceDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One consumer apply: order-app, started on a replica, inbox and version guards emptied, applies a
 * backlog that is in Kafka already, with a consumer name of its own (its group starts at the
 * topic's beginning); one process, or several started together in that one group, which share the
 * topic's partitions. Measured: events per second from the first applied event's commit to the
 * last's (their inbox rows' commit timestamps: the replica changes in the same transaction), the
 * CPU of the order-app processes and of PostgreSQL, and how busy the whole machine was, each from
 * the moment the first was seen applied to the moment the last was; and which process held which
 * partitions, from their logs.
 */
final class ApplyPhase {

  static final Duration STALL = Duration.ofSeconds(120);

  /**
   * @param events the events it applied
   * @param eps events per second, first commit to last
   * @param cpuSeconds the order-app processes' CPU while they applied them, summed
   * @param postgresCpuSeconds PostgreSQL's (the whole server's) meanwhile
   * @param machineBusyPercent the share of all the machine's cores that was busy meanwhile
   * @param partitions the partitions of the topic each process held at the end, in start order
   * @param settledSeconds from the first commit to when the partitions were spread as at the end
   *     (0: before it; NaN: they never were while it applied)
   */
  record Result(
      long events,
      double eps,
      double cpuSeconds,
      double postgresCpuSeconds,
      double machineBusyPercent,
      List<Integer> partitions,
      double settledSeconds) {

    Result {
      partitions = List.copyOf(partitions);
    }

    double cpuPer100k() {
      return per100k(cpuSeconds);
    }

    double postgresCpuPer100k() {
      return per100k(postgresCpuSeconds);
    }

    /** The partitions per process: {@code 2+1}. */
    String spread() {
      return ApplyPhase.spread(partitions);
    }

    private double per100k(double seconds) {
      return seconds * 100_000.0 / events;
    }
  }

  private final Bench bench;
  private final Sql sql;
  private final Kafka kafka;
  private final Progress progress;

  ApplyPhase(Bench bench, Sql sql, Kafka kafka, Progress progress) {
    this.bench = bench;
    this.sql = sql;
    this.kafka = kafka;
    this.progress = progress;
  }

  /**
   * Applies at least {@code target} events of {@code topic} with one process.
   *
   * @param batchSize {@code ORDER_APP_CONSUMER_BATCH_SIZE}, or null for order-app's default
   */
  Result run(String name, String consumer, Integer batchSize, String topic, long target) {
    return run(List.of(name), consumer, batchSize, topic, target);
  }

  /**
   * Applies at least {@code target} events of {@code topic} with a process per name, all started at
   * once in the group {@code consumer}.
   *
   * @param batchSize {@code ORDER_APP_CONSUMER_BATCH_SIZE}, or null for order-app's default
   */
  Result run(List<String> names, String consumer, Integer batchSize, String topic, long target) {
    // The same start for every pass: nothing applied, nothing guarded, a fresh checkpoint.
    sql.execute(
        ServiceDatabase.ORDERS,
        "TRUNCATE customer_replica, inbox, consumer_aggregate, consumer_counter, dead_letter",
        "CHECKPOINT");
    String label = names.size() == 1 ? names.get(0) : names.size() + " order-app processes";
    List<Instance> apps = new ArrayList<>();
    for (String name : names) {
      ChildSpec spec = bench.processes().orderApp(name, consumer, batchSize, topic);
      long from = Assignments.sizeOf(spec.logFile());
      apps.add(new Instance(bench.start(spec), from));
    }
    Settling settling = new Settling(apps, topic);
    while (sql.queryLong(
            ServiceDatabase.ORDERS,
            "SELECT count(*) FROM (SELECT 1 FROM inbox WHERE consumer = ? LIMIT 1) first",
            consumer)
        == 0) {
      apps.forEach(app -> Children.requireAlive(app.child()));
      settling.look();
      progress.live("waiting for %s to apply the first event", label);
      Pause.millis(100);
    }
    long[] pids = apps.stream().mapToLong(app -> Children.pid(app.child())).toArray();
    double cpuAtFirst = cpuSeconds(pids);
    double postgresAtFirst = ProcStat.treeCpuSeconds(bench.postgresPid());
    ProcStat.Machine machineAtFirst = ProcStat.machine();
    long firstSeen = System.nanoTime();
    settling.firstApplied(firstSeen);
    long applied = 0;
    long lastMove = System.nanoTime();
    while (applied < target) {
      apps.forEach(app -> Children.requireAlive(app.child()));
      long now = kafka.committed(consumer, topic);
      if (now > applied) {
        applied = now;
        lastMove = System.nanoTime();
      }
      if (System.nanoTime() - lastMove > STALL.toNanos()) {
        throw stalled(label, names, consumer, applied, target);
      }
      settling.look();
      double seconds = (System.nanoTime() - firstSeen) / 1e9;
      progress.live(
          "%,d of %,d events applied (%,.0f/s)%s",
          applied,
          target,
          seconds > 0 ? applied / seconds : 0,
          names.size() == 1 ? "" : ", partitions held " + spread(settling.counts));
      if (applied < target) {
        Pause.millis(250);
      }
    }
    double cpu = cpuSeconds(pids) - cpuAtFirst;
    double postgres = ProcStat.treeCpuSeconds(bench.postgresPid()) - postgresAtFirst;
    double busy = ProcStat.machine().busyPercentSince(machineAtFirst);
    List<Integer> partitions = settling.counts();
    for (int i = apps.size() - 1; i >= 0; i--) {
      bench.stop(apps.get(i).child());
    }
    long[] commits = commitMicros(consumer);
    return new Result(
        commits.length,
        Completions.perSecond(commits, 1e6),
        cpu,
        postgres,
        busy,
        partitions,
        settling.settledSeconds());
  }

  /** A started process and where its own lines of its log begin. */
  private record Instance(SupervisedChild child, long logFrom) {

    Set<Integer> held(String topic) {
      return Assignments.held(child.spec().logFile(), logFrom, topic);
    }
  }

  /**
   * When the partitions were spread as they stay: the last moment at which what the processes hold
   * changed, relative to the first commit.
   */
  private static final class Settling {
    private final List<Instance> apps;
    private final String topic;
    private List<Integer> counts;
    private long changedAt = System.nanoTime();
    private long firstApplied;

    Settling(List<Instance> apps, String topic) {
      this.apps = apps;
      this.topic = topic;
      this.counts = read();
    }

    void firstApplied(long nanos) {
      firstApplied = nanos;
    }

    void look() {
      List<Integer> now = read();
      if (!now.equals(counts)) {
        counts = now;
        changedAt = System.nanoTime();
      }
    }

    List<Integer> counts() {
      look();
      return counts;
    }

    /** Seconds from the first commit to the last change; NaN when no process holds anything. */
    double settledSeconds() {
      if (counts.stream().mapToInt(Integer::intValue).sum() == 0) {
        return Double.NaN;
      }
      return Math.max(0, (changedAt - firstApplied) / 1e9);
    }

    private List<Integer> read() {
      return apps.stream().map(app -> app.held(topic).size()).toList();
    }
  }

  private static String spread(List<Integer> counts) {
    return counts.stream().map(String::valueOf).collect(Collectors.joining("+"));
  }

  private static double cpuSeconds(long[] pids) {
    double total = 0;
    for (long pid : pids) {
      total += ProcStat.cpuSeconds(pid);
    }
    return total;
  }

  private long[] commitMicros(String consumer) {
    List<Object[]> rows =
        sql.query(
            ServiceDatabase.ORDERS,
            "SELECT (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
                + " FROM inbox WHERE consumer = ?",
            consumer);
    long[] micros = new long[rows.size()];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = ((Number) rows.get(i)[0]).longValue();
    }
    return micros;
  }

  private BenchException stalled(
      String label, List<String> names, String consumer, long applied, long target) {
    long parked =
        sql.queryLong(
            ServiceDatabase.ORDERS,
            "SELECT count(*) FROM dead_letter WHERE consumer = ?",
            consumer);
    return new BenchException(
        label
            + " applied "
            + applied
            + " of "
            + target
            + " events and nothing more for "
            + STALL.toSeconds()
            + " s ("
            + parked
            + " dead letters; logs: "
            + names.stream().map(n -> bench.processes().logOf(n).toString()).toList()
            + ")");
  }
}
