package dev.outbox.cli.verify.benchmark;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long {@code outbox verify} takes for 100,000 customers, on a durable embedded PostgreSQL (as
 * the local run's): both sides seeded directly with SQL with the same rows, then the command run as
 * an operator runs it (the operator jar in a JVM of its own, JVM start included) three times, and
 * the median printed; then the same with 100 rows drifted (and {@code --grace 0}), and the time of
 * the comparison by hand ({@code digest_summary}) on each side.
 *
 * <p>Run with {@code ./mvnw -pl outbox-cli -am -Pverify-benchmark -DskipTests package}. Not a test:
 * it asserts nothing and takes about two minutes. Its argument is the operator jar.
 */
public final class VerifyBenchmark {

  private static final int CUSTOMERS = 100_000;
  private static final int RUNS = 3;
  private static final Pattern COMPARED =
      Pattern.compile("compared ([\\d,]+) ids .* in ([\\d.]+) s: ([\\d,]+) ids/s");

  private final OutboxStack stack;
  private final Path jar;

  private VerifyBenchmark(OutboxStack stack, Path jar) {
    this.stack = stack;
    this.jar = jar;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "target/outbox-cli.jar");
    if (!Files.exists(jar)) {
      throw new IllegalArgumentException("no operator jar at " + jar + ": build it with package");
    }
    try (OutboxStack stack =
        Stacks.start(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE))) {
      new VerifyBenchmark(stack, jar).measure();
    }
  }

  private void measure() throws Exception {
    long seeding = System.nanoTime();
    seed("customer", ServiceDatabase.CUSTOMERS);
    seed("customer_replica", ServiceDatabase.ORDERS);
    System.out.printf(
        Locale.ROOT,
        "seed: %,d customers on each side in %.1f s%n",
        CUSTOMERS,
        (System.nanoTime() - seeding) / 1e9);

    report("clean replica", runs(List.of()));

    execute(
        ServiceDatabase.ORDERS,
        "UPDATE customer_replica SET email = 'drifted@example.com'"
            + " WHERE id IN (SELECT id FROM customer_replica ORDER BY id LIMIT 100)");
    report("100 rows drifted, --grace 0", runs(List.of("--grace=0")));

    for (String[] side :
        List.of(
            new String[] {"customers", "customer_digest"},
            new String[] {"orders", "customer_replica_digest"})) {
      ServiceDatabase db = ServiceDatabase.byName(side[0]);
      List<Double> seconds = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        long started = System.nanoTime();
        execute(db, "SELECT count(*) FROM digest_summary('" + side[1] + "')");
        seconds.add((System.nanoTime() - started) / 1e9);
      }
      System.out.printf(
          Locale.ROOT,
          "digest_summary('%s') in %s: median %.2f s of %s%n",
          side[1],
          side[0],
          median(seconds),
          seconds);
    }
  }

  /** One run's wall time (JVM start included) and the command's own figure. */
  private record Timing(double wallSeconds, double compareSeconds, long idsPerSecond) {}

  private List<Timing> runs(List<String> extra) throws Exception {
    List<Timing> timings = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      timings.add(run(extra));
    }
    return timings;
  }

  private Timing run(List<String> extra) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java, "-jar", jar.toString(), "verify", "--db-port=" + stack.postgres().port()));
    command.addAll(extra);
    Path out = Files.createTempFile("verify-benchmark-", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    long started = System.nanoTime();
    int exit = builder.start().waitFor();
    double wall = (System.nanoTime() - started) / 1e9;
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Matcher m = COMPARED.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("verify exited " + exit + " and printed:\n" + text);
    }
    System.out.printf(
        Locale.ROOT, "  run: exit %d, %.2f s wall; %s%n", exit, wall, m.group().trim());
    return new Timing(
        wall, Double.parseDouble(m.group(2)), Long.parseLong(m.group(3).replace(",", "")));
  }

  private static void report(String what, List<Timing> timings) {
    System.out.printf(
        Locale.ROOT,
        "verify, %s, %,d customers: median %.2f s per run (JVM start included);"
            + " comparison median %.2f s = %,.0f ids/s%n",
        what,
        CUSTOMERS,
        median(timings.stream().map(Timing::wallSeconds).toList()),
        median(timings.stream().map(Timing::compareSeconds).toList()),
        median(timings.stream().map(t -> (double) t.idsPerSecond()).toList()));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  /** The same rows on both sides, as the apps store them, in one statement per side. */
  private void seed(String table, ServiceDatabase db) throws SQLException {
    execute(
        db,
        "INSERT INTO "
            + table
            + " (id, name, email, address, credit_limit, reserved_credit, version, created_at,"
            + " updated_at, deleted_at)"
            + " SELECT md5('benchmark-' || n)::uuid, 'Customer ' || n || ' Zoë',"
            + " 'c' || n || '@example.com', n || ' Benchmark Street, Springfield',"
            + " 1000.50 + n % 1000, (n % 7) * 0.25, n % 5 + 1,"
            + " timestamptz '2026-11-26 14:17:05.683314+00' + n * interval '1.000137 s',"
            + " timestamptz '2026-11-27 09:00:00.000001+00' + n * interval '0.000999 s',"
            + " CASE WHEN n % 10 = 0 THEN timestamptz '2026-11-28 00:00:00.5+00' END"
            + " FROM generate_series(1, "
            + CUSTOMERS
            + ") AS n");
    execute(db, "ANALYZE " + table);
  }

  private void execute(ServiceDatabase db, String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                stack.jdbcUrl(db),
                stack.postgres().admin().user(),
                stack.postgres().admin().password());
        Statement st = c.createStatement()) {
      if (st.execute(sql)) {
        try (ResultSet rs = st.getResultSet()) {
          while (rs.next()) {
            // read to the end: the query's time is what is measured
          }
        }
      }
    }
  }
}
