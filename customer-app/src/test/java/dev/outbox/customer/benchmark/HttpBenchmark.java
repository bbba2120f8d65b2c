package dev.outbox.customer.benchmark;

import dev.outbox.customer.CustomerApp;
import dev.outbox.customer.CustomerAppConfig;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.Durability;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * customer-app's HTTP API under a pooled load, against what PostgreSQL commits for the same
 * transactions in the same run. On an embedded stack with PostgreSQL durable ({@code fsync}, {@code
 * full_page_writes}, {@code synchronous_commit} on), customer-app started as production starts it
 * (its default settings unless given), each of three runs measures, each phase after a {@code
 * CHECKPOINT}:
 *
 * <ul>
 *   <li>the {@code POST /customers} transaction over plain JDBC with 1 and 16 connections (what
 *       PostgreSQL commits; see {@link CommitLoop}), and over pgbench when one is installed;
 *   <li>{@code POST /customers} and {@code GET /customers/{id}} with 1 and 16 kept-alive
 *       connections, each sending its next request when the last is answered, and {@code OPTIONS
 *       /customers} (the HTTP layer alone: no handler, no database);
 *   <li>{@code POST} and {@code GET} at a fixed 500 requests/s over 16 connections, each latency
 *       counted from when its request was due.
 * </ul>
 *
 * Each phase prints its rate, its latencies and its CPU per request (the app's JVM, PostgreSQL, the
 * load generator) as it goes; the end prints the three runs and their medians, with the load
 * average before and after. Run with {@code ./mvnw -pl customer-app -am -Phttp-benchmark
 * test-compile} (optionally {@code -Dhttp.benchmark.seconds=10} per phase and {@code
 * -Dhttp.benchmark.env="CUSTOMER_APP_HTTP_THREADS=16 CUSTOMER_APP_DB_POOL_SIZE=16"}). Not a test:
 * it asserts nothing and takes about eight minutes.
 */
public final class HttpBenchmark {

  static final String ADDRESS = "12 Analytical Street, London";

  private static final int RUNS = 3;
  private static final int FIXED_RATE = 500;
  private static final int POOL = 16;
  private static final int READ_IDS = 20_000;
  private static final Duration WARM_UP = Duration.ofSeconds(20);

  private final OutboxStack stack;
  private final int port;
  private final Duration phase;
  private final CpuMeter cpu;
  private final Optional<Pgbench> pgbench;
  private final ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
  private final AtomicInteger createdCount = new AtomicInteger();
  private final Map<String, List<Double>> figures = new LinkedHashMap<>();
  private String[] readPaths;

  private HttpBenchmark(OutboxStack stack, int port, Duration phase)
      throws SQLException, IOException {
    this.stack = stack;
    this.port = port;
    this.phase = phase;
    this.cpu = new CpuMeter(postmaster());
    DbLogin login = stack.appLogin(ServiceDatabase.CUSTOMERS);
    this.pgbench =
        Pgbench.find(
            stack.postgres().host(),
            stack.postgres().port(),
            ServiceDatabase.CUSTOMERS.databaseName(),
            login.user(),
            login.password());
    System.out.println(
        pgbench.isPresent()
            ? "pgbench found: it measures the same transaction too"
            : "no pgbench installed (Debian: postgresql-client): its rows are left out");
  }

  public static void main(String[] args) throws Exception {
    Duration phase = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      for (String pair : args[i].trim().split("\\s+")) {
        if (!pair.isEmpty()) {
          String[] nameValue = pair.split("=", 2);
          settings.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
        }
      }
    }
    String loadBefore = loadAverage();
    System.out.printf(Locale.ROOT, "load average before: %s%n", loadBefore);
    try (OutboxStack stack =
            Stacks.start(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE));
        CustomerApp app =
            CustomerApp.start(CustomerAppConfig.fromEnvironment(env(stack, settings)))) {
      System.out.printf(
          Locale.ROOT,
          "customer-app on :%d with %s; sun.net.httpserver.nodelay=%s%n",
          app.port(),
          settings.isEmpty() ? "its default settings" : settings,
          System.getProperty("sun.net.httpserver.nodelay"));
      HttpBenchmark benchmark = new HttpBenchmark(stack, app.port(), phase);
      benchmark.warmUp();
      for (int run = 1; run <= RUNS; run++) {
        benchmark.run(run);
      }
      benchmark.printTable(loadBefore, loadAverage());
    }
  }

  static Map<String, String> env(OutboxStack stack, Map<String, String> settings) {
    DbLogin login = stack.appLogin(ServiceDatabase.CUSTOMERS);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CUSTOMER_APP_HTTP_PORT", "0");
    env.put("CUSTOMER_APP_DB_URL", stack.jdbcUrl(ServiceDatabase.CUSTOMERS));
    env.put("CUSTOMER_APP_DB_USER", login.user());
    env.put("CUSTOMER_APP_DB_PASSWORD", login.password());
    env.put("CUSTOMER_APP_KAFKA_BOOTSTRAP", stack.kafkaBootstrapServers());
    env.putAll(settings);
    return env;
  }

  /** Until the JIT has compiled the paths measured (the first seconds compile, not serve). */
  private void warmUp() throws Exception {
    Load.closedLoop(commits(), POOL, WARM_UP.dividedBy(4));
    Load.closedLoop(writes(), POOL, WARM_UP);
    readPaths = created.toArray(String[]::new);
    Load.closedLoop(reads(), POOL, WARM_UP.dividedBy(2));
    Load.closedLoop(options(), POOL, WARM_UP.dividedBy(4));
    System.out.printf(Locale.ROOT, "warmed up (%d customers written)%n", createdCount.get());
  }

  private void run(int run) throws Exception {
    for (int connections : new int[] {1, POOL}) {
      String over = connections == 1 ? "1 connection" : connections + " connections";
      Load.Result jdbc = closed(run, "JDBC commits/s, " + over, commits(), connections);
      OptionalDouble bench = pgbench(run, "pgbench commits/s, " + over, connections);
      Load.Result post = closed(run, "POST /customers req/s, " + over, writes(), connections);
      record("POST / JDBC commits, " + over + " (%)", 100 * post.perSecond() / jdbc.perSecond());
      if (bench.isPresent()) {
        record(
            "POST / pgbench commits, " + over + " (%)",
            100 * post.perSecond() / bench.getAsDouble());
      }
    }
    closed(run, "GET /customers/{id} req/s, 1 connection", reads(), 1);
    closed(run, "GET /customers/{id} req/s, 16 connections", reads(), POOL);
    closed(run, "OPTIONS /customers req/s, 1 connection", options(), 1);
    closed(run, "OPTIONS /customers req/s, 16 connections", options(), POOL);
    fixed(run, "POST /customers", writes());
    fixed(run, "GET /customers/{id}", reads());
  }

  private Load.Result closed(int run, String name, Load.Sessions sessions, int connections)
      throws Exception {
    checkpoint();
    CpuMeter.Sample before = cpu.sample();
    Load.Result result = Load.closedLoop(sessions, connections, phase);
    CpuMeter.Use use = cpu.since(before);
    requireNoFailures(name, result);
    record(name, result.perSecond());
    System.out.printf(
        Locale.ROOT,
        "run %d: %-42s %6.0f  p50 %5.2f ms, p99 %6.2f ms | %s%n",
        run,
        name,
        result.perSecond(),
        result.latencies().percentileMillis(50),
        result.latencies().percentileMillis(99),
        cpuPerRequest(result, use));
    return result;
  }

  private OptionalDouble pgbench(int run, String name, int connections) throws Exception {
    if (pgbench.isEmpty()) {
      return OptionalDouble.empty();
    }
    checkpoint();
    CpuMeter.Sample before = cpu.sample();
    double commits = pgbench.get().commitsPerSecond(connections, phase);
    CpuMeter.Use use = cpu.since(before);
    record(name, commits);
    System.out.printf(
        Locale.ROOT,
        "run %d: %-42s %6.0f  | CPU per commit: PostgreSQL %4.0f us; machine %3.0f%% busy%n",
        run,
        name,
        commits,
        use.postgresSeconds() * 1e6 / (commits * phase.toSeconds()),
        use.machineBusy() * 100);
    return OptionalDouble.of(commits);
  }

  private void fixed(int run, String request, Load.Sessions sessions) throws Exception {
    checkpoint();
    CpuMeter.Sample before = cpu.sample();
    String name = request + " at " + FIXED_RATE + "/s";
    Load.Result result = Load.fixedRate(sessions, POOL, FIXED_RATE, phase);
    CpuMeter.Use use = cpu.since(before);
    requireNoFailures(name, result);
    record(name + ", p50 ms", result.latencies().percentileMillis(50));
    record(name + ", p99 ms", result.latencies().percentileMillis(99));
    System.out.printf(
        Locale.ROOT,
        "run %d: %-42s %6.0f  p50 %5.2f ms, p99 %6.2f ms, max %6.2f ms | %s%n",
        run,
        name + " (answered/s)",
        result.perSecond(),
        result.latencies().percentileMillis(50),
        result.latencies().percentileMillis(99),
        result.latencies().percentileMillis(100),
        cpuPerRequest(result, use));
  }

  /** CPU microseconds per request: the app's JVM (less the load generator), PostgreSQL, and so. */
  private static String cpuPerRequest(Load.Result result, CpuMeter.Use use) {
    double requests = result.ok();
    return String.format(
        Locale.ROOT,
        "CPU per request: app JVM %4.0f us, load generator %3.0f us, PostgreSQL %4.0f us;"
            + " machine %3.0f%% busy",
        (use.jvmSeconds() - result.cpuSeconds()) * 1e6 / requests,
        result.cpuSeconds() * 1e6 / requests,
        use.postgresSeconds() * 1e6 / requests,
        use.machineBusy() * 100);
  }

  private static void requireNoFailures(String name, Load.Result result) {
    if (result.failed() > 0) {
      throw new IllegalStateException(
          name + ": " + result.failed() + " requests were not answered as expected");
    }
  }

  private void record(String figure, double value) {
    figures.computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
  }

  private Load.Sessions commits() {
    DbLogin login = stack.appLogin(ServiceDatabase.CUSTOMERS);
    return new CommitLoop(stack.jdbcUrl(ServiceDatabase.CUSTOMERS), login.user(), login.password());
  }

  private Load.Sessions writes() {
    return http(
        (connection, n) -> {
          KeepAliveConnection.Answer answer =
              connection.postJson("/customers", customer(n).getBytes(StandardCharsets.UTF_8));
          if (answer.status() == 201 && createdCount.get() < READ_IDS) {
            createdCount.incrementAndGet();
            created.add(answer.location());
          }
          return answer.status() == 201;
        });
  }

  private Load.Sessions reads() {
    return http(
        (connection, n) ->
            connection.send("GET", readPaths[(int) (n % readPaths.length)]).status() == 200);
  }

  private Load.Sessions options() {
    return http((connection, n) -> connection.send("OPTIONS", "/customers").status() == 200);
  }

  private static String customer(long n) {
    return "{\"name\":\"Customer "
        + n
        + "\",\"email\":\"customer-"
        + n
        + "@example.com\",\"address\":\""
        + ADDRESS
        + "\",\"creditLimit\":1500.50}";
  }

  /** Request {@code n} on a worker's connection; true when answered as it should be. */
  private interface Call {
    boolean call(KeepAliveConnection connection, long n) throws IOException;
  }

  private Load.Sessions http(Call call) {
    return () -> {
      KeepAliveConnection connection = new KeepAliveConnection(port);
      return new Load.Session() {
        @Override
        public boolean call(long n) throws IOException {
          return call.call(connection, n);
        }

        @Override
        public void close() throws IOException {
          connection.close();
        }
      };
    };
  }

  private Connection admin() throws SQLException {
    DbLogin admin = stack.postgres().admin();
    return DriverManager.getConnection(
        stack.jdbcUrl(ServiceDatabase.CUSTOMERS), admin.user(), admin.password());
  }

  private void checkpoint() throws SQLException {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
    }
  }

  /** The process id of the stack's postmaster: the parent of a backend. */
  private long postmaster() throws SQLException {
    long backend;
    try (Connection c = admin();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      backend = rs.getLong(1);
    }
    return ProcessHandle.of(backend)
        .flatMap(ProcessHandle::parent)
        .map(ProcessHandle::pid)
        .orElse(-1L);
  }

  private void printTable(String loadBefore, String loadAfter) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "customer-app HTTP, PostgreSQL durable, %d s per phase, %d runs%n",
        phase.toSeconds(),
        RUNS);
    System.out.printf(
        Locale.ROOT, "%-46s %9s %9s %9s %9s%n", "figure", "run 1", "run 2", "run 3", "median");
    figures.forEach(
        (figure, values) -> {
          List<Double> sorted = new ArrayList<>(values);
          sorted.sort(Double::compare);
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-46s", figure));
          for (double v : values) {
            line.append(String.format(Locale.ROOT, " %9s", format(v)));
          }
          line.append(String.format(Locale.ROOT, " %9s", format(sorted.get(sorted.size() / 2))));
          System.out.println(line);
        });
    System.out.printf(Locale.ROOT, "load average before: %s; after: %s%n", loadBefore, loadAfter);
  }

  private static String format(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
