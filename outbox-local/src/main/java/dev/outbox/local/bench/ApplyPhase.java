package dev.outbox.local.bench;

import dev.outbox.local.SupervisedChild;
import dev.outbox.reference.db.ServiceDatabase;
import java.time.Duration;
import java.util.List;

/**
 * One consumer apply: order-app, started on a replica, inbox and version guards emptied, applies a
 * backlog that is in Kafka already, with a consumer name of its own (its group starts at the
 * topic's beginning). Measured: events per second from the first applied event's commit to the
 * last's (their inbox rows' commit timestamps: the replica changes in the same transaction), and
 * order-app's CPU from the moment the first was seen applied to the moment the last was.
 */
final class ApplyPhase {

  static final Duration STALL = Duration.ofSeconds(120);

  /**
   * @param events the events it applied
   * @param eps events per second, first commit to last
   * @param cpuSeconds order-app's CPU while it applied them
   */
  record Result(long events, double eps, double cpuSeconds) {

    double cpuPer100k() {
      return cpuSeconds * 100_000.0 / events;
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
   * Applies at least {@code target} events of {@code topic}.
   *
   * @param batchSize {@code ORDER_APP_CONSUMER_BATCH_SIZE}, or null for order-app's default
   */
  Result run(String name, String consumer, Integer batchSize, String topic, long target) {
    // The same start for every pass: nothing applied, nothing guarded, a fresh checkpoint.
    sql.execute(
        ServiceDatabase.ORDERS,
        "TRUNCATE customer_replica, inbox, consumer_aggregate, consumer_counter, dead_letter",
        "CHECKPOINT");
    SupervisedChild app = bench.start(bench.processes().orderApp(name, consumer, batchSize, topic));
    long pid = Children.pid(app);
    while (sql.queryLong(
            ServiceDatabase.ORDERS,
            "SELECT count(*) FROM (SELECT 1 FROM inbox WHERE consumer = ? LIMIT 1) first",
            consumer)
        == 0) {
      Children.requireAlive(app);
      progress.live("waiting for %s to apply its first event", name);
      Pause.millis(100);
    }
    double cpuAtFirst = ProcStat.cpuSeconds(pid);
    long firstSeen = System.nanoTime();
    long applied = 0;
    long lastMove = System.nanoTime();
    while (applied < target) {
      Children.requireAlive(app);
      long now = kafka.committed(consumer, topic);
      if (now > applied) {
        applied = now;
        lastMove = System.nanoTime();
      }
      if (System.nanoTime() - lastMove > STALL.toNanos()) {
        throw stalled(name, consumer, applied, target);
      }
      double seconds = (System.nanoTime() - firstSeen) / 1e9;
      progress.live(
          "%,d of %,d events applied (%,.0f/s)",
          applied, target, seconds > 0 ? applied / seconds : 0);
      if (applied < target) {
        Pause.millis(250);
      }
    }
    double cpu = ProcStat.cpuSeconds(pid) - cpuAtFirst;
    bench.stop(app);
    long[] commits = commitMicros(consumer);
    return new Result(commits.length, Completions.perSecond(commits, 1e6), cpu);
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

  private BenchException stalled(String name, String consumer, long applied, long target) {
    long parked =
        sql.queryLong(
            ServiceDatabase.ORDERS,
            "SELECT count(*) FROM dead_letter WHERE consumer = ?",
            consumer);
    return new BenchException(
        name
            + " applied "
            + applied
            + " of "
            + target
            + " events and nothing more for "
            + STALL.toSeconds()
            + " s ("
            + parked
            + " dead letters; log: "
            + bench.processes().logOf(name)
            + ")");
  }
}
