package dev.outbox.cli.backfill;

import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.Durability;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Measures the backfill's step function alone ({@code backfill_step}, platform V5) over
 * customer-app's {@code customer_state}: 100,000 customers on an embedded PostgreSQL with
 * durability on ({@code fsync}, {@code synchronous_commit}), each step one transaction of {@code
 * batch} snapshots called as customer-app's role. It prints the snapshots per second of each of
 * three runs and their median, then the cost of one step near the start and near the end of the
 * keyset with and without the keyset index (why customers V2 has {@code customer_state_key_idx}).
 *
 * <p>Run with {@code ./mvnw -pl outbox-cli -am -Pbackfill-benchmark test-compile} (optionally
 * {@code -Dbackfill.batch=5000}). Not a test: it asserts nothing and takes a few minutes.
 */
public final class BackfillBenchmark {

  private static final int CUSTOMERS = 100_000;
  private static final int RUNS = 3;

  private final OutboxStack stack;

  private BackfillBenchmark(OutboxStack stack) {
    this.stack = stack;
  }

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    try (OutboxStack stack =
        Stacks.start(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE))) {
      BackfillBenchmark benchmark = new BackfillBenchmark(stack);
      benchmark.fill();
      benchmark.rate(batch);
      benchmark.stepCost(batch);
    }
  }

  private Connection admin() throws SQLException {
    return connect(stack.postgres().admin());
  }

  private Connection app() throws SQLException {
    return connect(stack.appLogin(ServiceDatabase.CUSTOMERS));
  }

  private Connection connect(DbLogin login) throws SQLException {
    return DriverManager.getConnection(
        stack.jdbcUrl(ServiceDatabase.CUSTOMERS), login.user(), login.password());
  }

  /** 100,000 customers shaped as customer-app writes them: a deleted one in a hundred. */
  private void fill() throws SQLException {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO customer (id, name, email, address, credit_limit, reserved_credit,"
              + " version, created_at, updated_at, deleted_at)"
              + " SELECT gen_random_uuid(), 'Customer ' || g || ' Lovelace',"
              + " 'customer' || g || '@example.com', g || ' Analytical Street, London',"
              + " 1500.50, (g % 7) * 10.25, 1 + g % 9,"
              + " now() - make_interval(secs => g * 1.000123), now() - make_interval(secs => g),"
              + " CASE WHEN g % 100 = 0 THEN now() END"
              + " FROM generate_series(1, "
              + CUSTOMERS
              + ") g");
      st.execute("VACUUM ANALYZE customer");
    }
    System.out.printf(Locale.ROOT, "%d customers written%n", CUSTOMERS);
  }

  private void rate(int batch) throws SQLException {
    List<Double> rates = new ArrayList<>();
    for (int run = 1; run <= RUNS; run++) {
      checkpoint();
      try (Connection c = app()) {
        UUID backfill = start(c);
        long began = System.nanoTime();
        int steps = 0;
        while (step(c, backfill, batch) == batch) {
          steps++;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long emitted = emitted(c, backfill);
        double rate = emitted / seconds;
        rates.add(rate);
        System.out.printf(
            Locale.ROOT,
            "run %d: %d snapshots in %d steps of %d in %.2f s: %.0f snapshots/s%n",
            run,
            emitted,
            steps + 1,
            batch,
            seconds,
            rate);
      }
    }
    rates.sort(Double::compare);
    System.out.printf(
        Locale.ROOT,
        "backfill_step, batches of %d, durable: median %.0f snapshots/s of %d runs %s%n",
        batch,
        rates.get(RUNS / 2),
        RUNS,
        rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
  }

  /** Milliseconds of a step at the start and near the end of the keyset, with and without index. */
  private void stepCost(int batch) throws SQLException {
    for (boolean indexed : new boolean[] {true, false}) {
      if (!indexed) {
        try (Connection c = admin();
            Statement st = c.createStatement()) {
          st.execute("DROP INDEX customer_state_key_idx");
        }
      }
      checkpoint();
      try (Connection c = app()) {
        UUID backfill = start(c);
        double first = timedSteps(c, backfill, batch, 5);
        skipTo(backfill, CUSTOMERS - 10 * batch);
        double last = timedSteps(c, backfill, batch, 5);
        System.out.printf(
            Locale.ROOT,
            "%s keyset index: a step of %d takes %.1f ms at the start, %.1f ms near the end%n",
            indexed ? "with the" : "without the",
            batch,
            first,
            last);
      }
    }
  }

  private static double timedSteps(Connection c, UUID backfill, int batch, int steps)
      throws SQLException {
    long began = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      step(c, backfill, batch);
    }
    return (System.nanoTime() - began) / 1e6 / steps;
  }

  /** Moves a backfill's position as if it had emitted the first {@code n} aggregates. */
  private void skipTo(UUID backfill, int n) throws SQLException {
    try (Connection c = admin();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE backfill SET resume_after = (SELECT aggregate_id FROM customer_state"
                    + " ORDER BY aggregate_id COLLATE \"C\" OFFSET ? LIMIT 1) WHERE id = ?")) {
      ps.setInt(1, n);
      ps.setObject(2, backfill);
      ps.execute();
    }
  }

  private void checkpoint() throws SQLException {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute("CHECKPOINT");
    }
  }

  private static UUID start(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT backfill_start('customer', null, 'benchmark')")) {
      rs.next();
      return rs.getObject(1, UUID.class);
    }
  }

  private static int step(Connection c, UUID backfill, int batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT backfill_step(?, ?)")) {
      ps.setObject(1, backfill);
      ps.setInt(2, batch);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static long emitted(Connection c, UUID backfill) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT emitted FROM backfill WHERE id = ?")) {
      ps.setObject(1, backfill);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
