package dev.outbox.system;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.Durability;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fill of order-app's customer replica from a backfill of {@code N} customers, end to end on the
 * real platform (durable PostgreSQL, Kafka, both relays as processes, both apps): from the request
 * to the moment order-app has received every snapshot, in aggregates per second. The first run is
 * order-app's bootstrap on its first start, the others are rebuilds ({@code replica_rebuild}), on a
 * replica that holds every customer already (so the snapshots overwrite nothing new: the view is
 * emptied first, as a rebuild does).
 *
 * <p>{@code ./mvnw -pl system-tests -am -Preplica-benchmark -DskipTests package} (customers and
 * runs: {@code -Dreplica.customers=100000 -Dreplica.runs=3}). Not a test: it prints figures.
 */
public final class ReplicaFillBenchmark {

  private ReplicaFillBenchmark() {}

  public static void main(String[] args) throws Exception {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (OutboxStack stack =
        Stacks.start(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE))) {
      Sql sql = new Sql(stack);
      System.out.printf(Locale.ROOT, "seeding %d customers (no events)%n", customers);
      sql.execute(
          ServiceDatabase.CUSTOMERS,
          "INSERT INTO customer (id, name, email, address, credit_limit, reserved_credit, version,"
              + " created_at, updated_at) SELECT gen_random_uuid(), 'Customer ' || g,"
              + " 'c' || g || '@example.com', g || ' Long Street', 100.00 + g, 0, 1 + g % 4,"
              + " now(), now() FROM generate_series(1, "
              + customers
              + ") g");
      sql.execute(ServiceDatabase.CUSTOMERS, "ANALYZE customer");
      List<Double> rates = new ArrayList<>();
      try (Platform platform = new Platform(stack).start()) {
        for (int run = 1; run <= runs; run++) {
          if (run > 1) {
            sql.rows(
                ServiceDatabase.ORDERS, "SELECT replica_rebuild('order-app.customer-replica')");
          }
          awaitComplete(sql);
          String row =
              sql.rows(
                      ServiceDatabase.ORDERS,
                      "SELECT reason, expected,"
                          + " extract(epoch FROM answered_at - requested_at) AS answer_s,"
                          + " extract(epoch FROM completed_at - requested_at) AS total_s"
                          + " FROM replica_fill ORDER BY requested_at DESC LIMIT 1")
                  .get(0);
          Map<String, String> f = fields(row);
          double total = Double.parseDouble(f.get("total_s"));
          double rate = Long.parseLong(f.get("expected")) / total;
          rates.add(rate);
          System.out.printf(
              Locale.ROOT,
              "run %d (%s): %s snapshots, answered after %.1f s, complete after %.1f s: %.0f"
                  + " aggregates/s%n",
              run,
              f.get("reason"),
              f.get("expected"),
              Double.parseDouble(f.get("answer_s")),
              total,
              rate);
        }
      }
      Collections.sort(rates);
      System.out.printf(
          Locale.ROOT,
          "replica fill of %d customers, end to end: median %.0f aggregates/s over %d runs%n",
          customers,
          rates.get(rates.size() / 2),
          rates.size());
    }
  }

  private static void awaitComplete(Sql sql) throws InterruptedException {
    long lastReport = 0;
    while (true) {
      String row =
          sql.rows(
                  ServiceDatabase.ORDERS,
                  "SELECT state, received, expected FROM replica_status"
                      + " WHERE replica = 'customer_replica'")
              .get(0);
      Map<String, String> f = fields(row);
      if (f.get("state").equals("complete")) {
        sql.rows(ServiceDatabase.ORDERS, "SELECT replica_fill_settle()");
        if (!sql.rows(
                ServiceDatabase.ORDERS,
                "SELECT 1 FROM replica_fill WHERE completed_at IS NULL AND answered_at IS NOT NULL")
            .isEmpty()) {
          continue;
        }
        return;
      }
      if (System.nanoTime() - lastReport > Duration.ofSeconds(5).toNanos()) {
        System.out.printf(
            Locale.ROOT, "  %s: %s of %s%n", f.get("state"), f.get("received"), f.get("expected"));
        lastReport = System.nanoTime();
      }
      Thread.sleep(200);
    }
  }

  private static Map<String, String> fields(String row) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (String field : row.split("\\|")) {
      int at = field.indexOf('=');
      fields.put(field.substring(0, at), field.substring(at + 1));
    }
    return fields;
  }
}
