package dev.outbox.relay.benchmark;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.relay.Relay;
import dev.outbox.relay.config.RelayConfig;
import dev.outbox.stack.Durability;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Measures the relay on the embedded stack (PostgreSQL in a child process, Kafka and the relay in
 * this JVM, all on this machine) and prints:
 *
 * <ol>
 *   <li>the drain rate of a backlog of 100,000 outbox rows committed while the relay was stopped;
 *   <li>the commit-to-Kafka-ack latency p50/p99/p99.9 at 300 single-row transactions per second, as
 *       the relay itself measures it (from the source commit time to the producer's ack).
 * </ol>
 *
 * <p>Run with {@code ./mvnw -pl outbox-relay -am -Pbenchmark test-compile}. Not a test: it asserts
 * nothing and takes about two minutes.
 */
public final class RelayBenchmark {

  private static final int BACKLOG = 100_000;
  private static final int RATE = 300;
  private static final Duration WARM_UP = Duration.ofSeconds(10);
  private static final Duration MEASURED = Duration.ofSeconds(30);

  private final OutboxStack stack;
  private final ServiceDatabase db = ServiceDatabase.CUSTOMERS;

  private RelayBenchmark(OutboxStack stack) {
    this.stack = stack;
  }

  public static void main(String[] args) throws Exception {
    // Durable as in production: with fsync off every commit-bound figure would be flattered.
    try (OutboxStack stack =
        Stacks.start(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE))) {
      RelayBenchmark benchmark = new RelayBenchmark(stack);
      String phase = args.length > 0 ? args[0] : "all";
      if (!phase.equals("latency")) {
        benchmark.drain();
      }
      if (!phase.equals("drain")) {
        benchmark.latency();
      }
    }
  }

  private void drain() throws Exception {
    // A first, smaller drain on another slot warms the JIT up, as a relay that has run a while is.
    drain("bench_drain_warm", "drain-warm", 30_000, false);
    drain("bench_drain", "drain", BACKLOG, true);
  }

  private void drain(String slot, String type, int rows, boolean report) throws Exception {
    Map<String, String> env = environment(slot);
    // The slot must exist before the backlog is written: rows before it are not streamed.
    try (Relay relay = start(env, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      awaitUntil(() -> relay.health().streaming(), Duration.ofSeconds(60));
    }
    long writeStart = System.nanoTime();
    insertBacklog(type, rows);
    if (report) {
      System.out.printf(
          "backlog: %,d rows committed in %d ms while the relay was stopped%n",
          rows, (System.nanoTime() - writeStart) / 1_000_000);
    }

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    long started = System.nanoTime();
    try (Relay relay = start(env, registry)) {
      awaitUntil(() -> relayed(registry) > 0, Duration.ofSeconds(60));
      long first = System.nanoTime();
      awaitUntil(() -> relayed(registry) >= rows, Duration.ofMinutes(5));
      long last = System.nanoTime();
      if (!report) {
        return;
      }
      double seconds = (last - first) / 1e9;
      System.out.printf(
          "drain: %,d events in %.2f s from the first ack = %,.0f events/s"
              + " (%.2f s including engine start = %,.0f events/s)%n",
          rows, seconds, rows / seconds, (last - started) / 1e9, rows / ((last - started) / 1e9));
      Timer send = registry.get("outbox.relay.kafka.send").timer();
      System.out.printf(
          "drain: %d batches of %.0f events on average, each acknowledged in %.1f ms on average"
              + " (max %.1f ms)%n",
          send.count(),
          rows / (double) send.count(),
          send.mean(TimeUnit.MILLISECONDS),
          send.max(TimeUnit.MILLISECONDS));
    }
  }

  private void latency() throws Exception {
    // A first run warms the JIT up; only the second, on a fresh relay and registry, is reported.
    offeredLoad("bench_warm", WARM_UP, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("outbox.relay.commit.to.ack")) {
                  return config;
                }
                return DistributionStatisticConfig.builder()
                    .percentiles(0.5, 0.99, 0.999)
                    .percentilePrecision(3)
                    .expiry(Duration.ofHours(1))
                    .bufferLength(1)
                    .build()
                    .merge(config);
              }
            });
    int offered = offeredLoad("bench_latency", MEASURED, registry);
    Timer timer = registry.get("outbox.relay.commit.to.ack").timer();
    StringBuilder line =
        new StringBuilder(
            String.format(
                "latency at %d tx/s (%,d single-row transactions over %d s), commit to Kafka ack:",
                RATE, offered, MEASURED.toSeconds()));
    for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
      line.append(
          String.format(
              " p%s=%.1f ms", trim(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS)));
    }
    line.append(
        String.format(
            " mean=%.1f ms max=%.1f ms",
            timer.mean(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS)));
    System.out.println(line);
  }

  /** Offers single-row transactions at {@link #RATE} per second and waits until all are relayed. */
  private int offeredLoad(String slot, Duration duration, PrometheusMeterRegistry registry)
      throws Exception {
    int total = (int) (RATE * duration.toSeconds());
    try (Relay relay = start(environment(slot), registry);
        Connection c = appConnection();
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      awaitUntil(() -> relay.health().streaming(), Duration.ofSeconds(60));
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
              bind(insert, slot, n);
              insert.executeUpdate(); // autocommit: one transaction per row
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
      double seconds = (System.nanoTime() - started) / 1e9;
      awaitUntil(() -> relayed(registry) >= total, Duration.ofSeconds(60));
      System.out.printf(
          "%s: %,d transactions offered in %.1f s (%.0f tx/s)%n",
          slot, total, seconds, total / seconds);
      return total;
    }
  }

  private static final String INSERT =
      "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,"
          + " schema_version, payload, occurred_at) VALUES (?, ?, ?, ?, 'BenchmarkHappened', 1,"
          + " ?::jsonb, ?)";

  private static void bind(PreparedStatement insert, String run, int n) throws SQLException {
    insert.setObject(1, UUID.randomUUID());
    // One topic for warm-up and measurement: its creation must not count as latency.
    insert.setString(2, "bench-latency");
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

  private Relay start(Map<String, String> env, PrometheusMeterRegistry registry) {
    return Relay.start(RelayConfig.fromEnvironment(env), registry, Clock.systemUTC());
  }

  private Map<String, String> environment(String slot) {
    DbLogin relay = stack.relayLogin(db);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("RELAY_DB_URL", stack.jdbcUrl(db));
    env.put("RELAY_DB_USER", relay.user());
    env.put("RELAY_DB_PASSWORD", relay.password());
    env.put("RELAY_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers());
    env.put("RELAY_SLOT", slot);
    env.put("RELAY_HTTP_PORT", "0");
    env.put("RELAY_RETENTION_AGE", "0");
    // Each measurement gets a new slot on a database that holds the earlier runs' rows: what is
    // measured is streaming, not the first start's publication of those rows.
    env.putIfAbsent("RELAY_EXISTING_ROWS", "skip");
    return env;
  }

  private Connection appConnection() throws SQLException {
    DbLogin app = stack.appLogin(db);
    return DriverManager.getConnection(stack.jdbcUrl(db), app.user(), app.password());
  }

  private static double relayed(PrometheusMeterRegistry registry) {
    return registry.find("outbox.relay.events").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static void awaitUntil(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  private static String trim(double percentile) {
    return percentile == Math.rint(percentile)
        ? Long.toString((long) percentile)
        : Double.toString(percentile);
  }
}
