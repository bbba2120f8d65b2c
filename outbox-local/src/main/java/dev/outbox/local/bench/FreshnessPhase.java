package dev.outbox.local.bench;

import dev.outbox.customer.domain.Customer;
import dev.outbox.local.SupervisedChild;
import dev.outbox.reference.db.ServiceDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end freshness at a fixed offered load: customer-app's update transactions committed at a
 * fixed rate, through the relay and Kafka, to order-app's replica committed. Each event's latency
 * is the commit time of order-app's transaction that applied it (its inbox row's, the replica row
 * changes in the same transaction) minus the commit time of customer-app's transaction that wrote
 * it (its outbox row's): both are PostgreSQL's own commit timestamps ({@code
 * track_commit_timestamp}) on the one clock of the one server, so neither side is observed late by
 * polling.
 */
final class FreshnessPhase implements AutoCloseable {

  static final String CONSUMER = "bench-e2e";
  static final Duration STALL = Duration.ofSeconds(60);

  /**
   * One measured load.
   *
   * @param offered writes per second offered
   * @param achieved writes per second committed, first commit to last
   * @param latencies commit to view committed, per event
   * @param relayCpuPercent the relay's CPU in percent of one core, while the writes went on
   * @param consumerCpuPercent order-app's, the same
   */
  record Result(
      int offered,
      double achieved,
      Latencies latencies,
      double relayCpuPercent,
      double consumerCpuPercent) {}

  /**
   * CPU of the idle relay and consumer, in percent of one core.
   *
   * @param relayPercent the relay's
   * @param consumerPercent order-app's
   */
  record Idle(double relayPercent, double consumerPercent) {}

  private final Bench bench;
  private final Sql sql;
  private final Progress progress;
  private final CustomerWrites writes;
  private final ExecutorService writers;
  private SupervisedChild relay;
  private SupervisedChild app;
  private UUID[] customers;
  private int updates;

  FreshnessPhase(Bench bench, Sql sql, Progress progress, int writerThreads) {
    this.bench = bench;
    this.sql = sql;
    this.progress = progress;
    this.writes = new CustomerWrites(bench.servers(), writerThreads);
    this.writers = Executors.newFixedThreadPool(writerThreads);
  }

  /**
   * Starts the relay and order-app (its consumer placed at the topic's end) and creates the
   * customers the load updates, then waits until order-app has them all.
   */
  void prepare(Kafka kafka, int customerCount) {
    sql.execute(
        ServiceDatabase.ORDERS,
        "TRUNCATE customer_replica, inbox, consumer_aggregate, consumer_counter, dead_letter");
    kafka.placeGroupAtEnd(CONSUMER, Bench.RELAY_TOPIC);
    relay = bench.start(bench.processes().relay("relay"));
    Children.awaitHealthy(relay, BenchStack.START_TIMEOUT);
    app =
        bench.start(bench.processes().orderApp("order-app-e2e", CONSUMER, null, Bench.RELAY_TOPIC));
    Children.awaitHealthy(app, BenchStack.START_TIMEOUT);
    progress.step(
        "relay on %s, order-app on %s (their /metrics)",
        relay.spec().address(), app.spec().address());
    Instant from = Instant.now();
    List<Customer> created =
        writes.write(
            customerCount,
            customerCount,
            500,
            n -> progress.live("%,d of %,d customers created", n, customerCount));
    customers = created.stream().map(Customer::id).toArray(UUID[]::new);
    awaitApplied(from, customerCount);
    progress.step("%,d customers created and in order-app's replica", customerCount);
  }

  /** Offers {@code rate} updates per second for {@code warmUp} (not measured), then measures. */
  Result measure(int rate, Duration warmUp, Duration measured) {
    if (!warmUp.isZero()) {
      progress.step("warm-up: %d tx/s for %d s", rate, warmUp.toSeconds());
      load(rate, warmUp);
    }
    progress.step("measuring: %d tx/s for %d s", rate, measured.toSeconds());
    long relayPid = Children.pid(relay);
    long appPid = Children.pid(app);
    double relayCpu = ProcStat.cpuSeconds(relayPid);
    double appCpu = ProcStat.cpuSeconds(appPid);
    long began = System.nanoTime();
    Window window = load(rate, measured);
    double seconds = (window.writesEnded - began) / 1e9;
    double relayPercent = (window.relayCpu - relayCpu) / seconds * 100;
    double appPercent = (window.appCpu - appCpu) / seconds * 100;
    Map<UUID, Long> written = commitMicros(ServiceDatabase.CUSTOMERS, OUTBOX, window);
    Map<UUID, Long> applied = commitMicros(ServiceDatabase.ORDERS, INBOX, window);
    long[] latencies = new long[written.size()];
    long[] commits = new long[written.size()];
    int n = 0;
    for (Map.Entry<UUID, Long> event : written.entrySet()) {
      Long view = applied.get(event.getKey());
      if (view == null) {
        throw new BenchException("event " + event.getKey() + " was written but never applied");
      }
      commits[n] = event.getValue();
      latencies[n++] = view - event.getValue();
    }
    return new Result(
        rate,
        Completions.perSecond(commits, 1e6),
        Latencies.ofMicros(latencies),
        relayPercent,
        appPercent);
  }

  /** The CPU of the relay and order-app while nothing is written for {@code duration}. */
  Idle idle(Duration duration) {
    long relayPid = Children.pid(relay);
    long appPid = Children.pid(app);
    double relayCpu = ProcStat.cpuSeconds(relayPid);
    double appCpu = ProcStat.cpuSeconds(appPid);
    long began = System.nanoTime();
    long end = began + duration.toNanos();
    while (System.nanoTime() < end) {
      Children.requireAlive(relay);
      Children.requireAlive(app);
      progress.live("idle: %d s left", (end - System.nanoTime()) / 1_000_000_000L + 1);
      Pause.millis(Math.min(500, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    return new Idle(
        (ProcStat.cpuSeconds(relayPid) - relayCpu) / seconds * 100,
        (ProcStat.cpuSeconds(appPid) - appCpu) / seconds * 100);
  }

  /** The writes of one load, and the CPU of the relay and order-app when the last returned. */
  private record Window(
      Instant from, Instant to, long writesEnded, double relayCpu, double appCpu) {}

  private Window load(int rate, Duration duration) {
    Instant from = Instant.now();
    PacedLoad.Run run =
        PacedLoad.run(
            writers,
            rate,
            duration,
            updates,
            u -> {
              int customer = u % customers.length;
              writes.update(customers[customer], customer, 1 + u / customers.length);
            },
            progress);
    long writesEnded = System.nanoTime();
    double relayCpu = ProcStat.cpuSeconds(Children.pid(relay));
    double appCpu = ProcStat.cpuSeconds(Children.pid(app));
    Instant to = Instant.now();
    updates += run.offered();
    if (run.failed() > 0) {
      throw new BenchException(
          run.failed()
              + " of "
              + run.offered()
              + " writes failed, the first: "
              + run.firstFailure());
    }
    awaitApplied(from, run.committed());
    return new Window(from, to, writesEnded, relayCpu, appCpu);
  }

  /** Waits until order-app has applied the {@code expected} events written since {@code from}. */
  private void awaitApplied(Instant from, long expected) {
    long applied = -1;
    long lastMove = System.nanoTime();
    while (true) {
      Children.requireAlive(relay);
      Children.requireAlive(app);
      // Every event of the window is applied after it began, every earlier one before: the
      // inbox's (consumer, received_at) index finds them.
      long now =
          sql.queryLong(
              ServiceDatabase.ORDERS,
              "SELECT count(*) FROM inbox WHERE consumer = ? AND received_at >= ?",
              CONSUMER,
              at(from));
      if (now >= expected) {
        return;
      }
      if (now > applied) {
        applied = now;
        lastMove = System.nanoTime();
      }
      if (System.nanoTime() - lastMove > STALL.toNanos()) {
        throw new BenchException(
            "order-app applied "
                + applied
                + " of "
                + expected
                + " events and nothing more for "
                + STALL.toSeconds()
                + " s (logs: "
                + bench.processes().logOf("relay")
                + ", "
                + bench.processes().logOf("order-app-e2e")
                + ")");
      }
      progress.live("%,d of %,d events in order-app's replica", now, expected);
      Pause.millis(250);
    }
  }

  private static final String OUTBOX =
      "SELECT id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
          + " FROM outbox WHERE occurred_at BETWEEN ? AND ?";
  private static final String INBOX =
      "SELECT event_id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
          + " FROM inbox WHERE occurred_at BETWEEN ? AND ? AND consumer = '"
          + CONSUMER
          + "'";

  private Map<UUID, Long> commitMicros(ServiceDatabase db, String query, Window window) {
    Map<UUID, Long> commits = new HashMap<>();
    for (Object[] row : sql.query(db, query, at(window.from), at(window.to))) {
      if (row[1] == null) {
        throw new BenchException(
            "PostgreSQL has no commit time for event " + row[0] + " (track_commit_timestamp)");
      }
      commits.put((UUID) row[0], ((Number) row[1]).longValue());
    }
    return commits;
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public void close() {
    writers.shutdownNow();
    try {
      writers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writes.close();
  }
}
