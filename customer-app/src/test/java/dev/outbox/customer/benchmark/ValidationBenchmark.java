package dev.outbox.customer.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.write.Outbox;
import dev.outbox.contracts.JsonSchemaSet;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.customer.CustomerApp;
import dev.outbox.customer.CustomerAppConfig;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.events.CustomerUpdated;
import dev.outbox.customer.events.OrderEvent;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.Durability;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.StackOptions;
import dev.outbox.stack.Stacks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * What validating an event against its schema costs an append (not a test): {@code ./mvnw -pl
 * customer-app -am -Pvalidation-benchmark test-compile}.
 *
 * <p>The event is the contract example {@code contracts/events/customer/CustomerUpdated.json}, the
 * reference payload. Two measurements, each in rounds that alternate without and with validation so
 * that both see the same machine, and medians of the rounds:
 *
 * <ol>
 *   <li>in the JVM alone: writing the event as JSON, against turning it into a tree, validating the
 *       tree and writing the tree (what {@code Outbox} does with schemas);
 *   <li>appends through {@code Outbox} into customer-app's durable database, one event per
 *       transaction (each append commits) and 50 per transaction (the insert without the commit),
 *       the transactions of the two writers taken in turns.
 * </ol>
 */
public final class ValidationBenchmark {

  private static final int ROUNDS = 7;
  private static final int JVM_EVENTS = 20_000;
  private static final int SINGLE_TRANSACTIONS = 1_000;
  private static final int BATCH_TRANSACTIONS = 60;
  private static final int BATCH = 50;

  private final ObjectMapper json = EventJson.defaultMapper();
  private final EventCatalog<CustomerEvent> catalog =
      EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class);
  private final JsonSchemaSet schemas =
      CatalogSchemas.fromClasspath(
          catalog, EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class));
  private final CustomerUpdated event;
  private final SchemaKey key;
  private final Map<String, List<Double>> figures = new LinkedHashMap<>();

  private ValidationBenchmark(CustomerUpdated event) {
    this.event = event;
    this.key =
        new SchemaKey(
            catalog.aggregateType(),
            catalog.typeOf(CustomerUpdated.class),
            catalog.schemaVersionOf(CustomerUpdated.class));
  }

  public static void main(String[] args) throws Exception {
    Path example = Path.of(System.getProperty("contracts.dir"), "customer", "CustomerUpdated.json");
    ObjectMapper json = EventJson.defaultMapper();
    CustomerUpdated event =
        json.treeToValue(json.readTree(example.toFile()).get("payload"), CustomerUpdated.class);
    String loadBefore = HttpBenchmark.loadAverage();
    var benchmark = new ValidationBenchmark(event);
    System.out.printf(
        Locale.ROOT,
        "load average before: %s; event %s, %d bytes as JSON%n",
        loadBefore,
        benchmark.key,
        json.writeValueAsBytes(event).length);
    benchmark.inTheJvm();
    try (OutboxStack stack =
            Stacks.start(StackOptions.forTests(Map.of()).withDurability(Durability.DURABLE));
        CustomerApp migrated =
            CustomerApp.start(
                CustomerAppConfig.fromEnvironment(HttpBenchmark.env(stack, Map.of())));
        Connection connection = connect(stack)) {
      benchmark.appends(DSL.using(connection, SQLDialect.POSTGRES));
    }
    benchmark.print(loadBefore, HttpBenchmark.loadAverage());
  }

  private void inTheJvm() throws Exception {
    long sink = 0;
    for (int warm = 0; warm < 3; warm++) {
      sink += serialize(JVM_EVENTS) + validateAndSerialize(JVM_EVENTS);
    }
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      sink += serialize(JVM_EVENTS);
      record("JVM: write as JSON (µs/event)", micros(System.nanoTime() - start, JVM_EVENTS));
      start = System.nanoTime();
      sink += validateAndSerialize(JVM_EVENTS);
      record(
          "JVM: tree, validate, write (µs/event)", micros(System.nanoTime() - start, JVM_EVENTS));
    }
    System.out.printf(Locale.ROOT, "(checksum %d)%n", sink);
  }

  private long serialize(int events) throws Exception {
    long length = 0;
    for (int i = 0; i < events; i++) {
      length += json.writeValueAsString(event).length();
    }
    return length;
  }

  private long validateAndSerialize(int events) throws Exception {
    long length = 0;
    for (int i = 0; i < events; i++) {
      JsonNode tree = json.valueToTree(event);
      if (!schemas.validate(key, tree).isEmpty()) {
        throw new IllegalStateException("the contract example breaks its schema");
      }
      length += json.writeValueAsString(tree).length();
    }
    return length;
  }

  private void appends(DSLContext dsl) {
    Outbox plain = Outbox.builder().register(catalog).build();
    Outbox checked = Outbox.builder().register(catalog).validateAgainst(schemas).build();
    appendRound(dsl, plain, checked, SINGLE_TRANSACTIONS / 2, 1, null);
    for (int round = 0; round < ROUNDS; round++) {
      appendRound(dsl, plain, checked, SINGLE_TRANSACTIONS, 1, "append, 1 per transaction");
      appendRound(dsl, plain, checked, BATCH_TRANSACTIONS, BATCH, "append, 50 per transaction");
    }
  }

  /**
   * Transactions of the two writers taken in turns, each timed on its own, so that both see the
   * same moments of a noisy machine.
   */
  private void appendRound(
      DSLContext dsl,
      Outbox plain,
      Outbox checked,
      int transactions,
      int perTransaction,
      String figure) {
    long[] nanos = new long[2];
    for (int t = 0; t < transactions; t++) {
      for (int writer = 0; writer < 2; writer++) {
        Outbox outbox = (t + writer) % 2 == 0 ? plain : checked;
        long start = System.nanoTime();
        outbox.transaction(
            dsl,
            tx -> {
              for (int e = 0; e < perTransaction; e++) {
                tx.append(UUID.randomUUID().toString(), 1, event);
              }
            });
        nanos[outbox == plain ? 0 : 1] += System.nanoTime() - start;
      }
    }
    if (figure != null) {
      int events = transactions * perTransaction;
      record(figure + ", unchecked (µs/event)", micros(nanos[0], events));
      record(figure + ", validated (µs/event)", micros(nanos[1], events));
    }
  }

  private void record(String figure, double value) {
    figures.computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
  }

  private double median(String figure) {
    double[] values = figures.get(figure).stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(values);
    return values[values.length / 2];
  }

  private void print(String loadBefore, String loadAfter) {
    System.out.printf(Locale.ROOT, "%n%-52s %10s   rounds%n", "figure", "median");
    figures.forEach(
        (figure, values) ->
            System.out.printf(
                Locale.ROOT,
                "%-52s %10.1f   %s%n",
                figure,
                median(figure),
                values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList()));
    double check =
        median("JVM: tree, validate, write (µs/event)") - median("JVM: write as JSON (µs/event)");
    System.out.printf(Locale.ROOT, "%nvalidation in the JVM: %.1f µs per event%n", check);
    for (String shape : List.of("1 per transaction", "50 per transaction")) {
      double unchecked = median("append, " + shape + ", unchecked (µs/event)");
      double validated = median("append, " + shape + ", validated (µs/event)");
      System.out.printf(
          Locale.ROOT,
          "append, %s: %.1f -> %.1f µs (%+.1f%% measured side by side);"
              + " the JVM cost is %.1f%% of the unchecked append%n",
          shape,
          unchecked,
          validated,
          100 * (validated - unchecked) / unchecked,
          100 * check / unchecked);
    }
    System.out.printf(Locale.ROOT, "load average before: %s, after: %s%n", loadBefore, loadAfter);
  }

  private static double micros(long nanos, int events) {
    return nanos / 1_000.0 / events;
  }

  private static Connection connect(OutboxStack stack) throws Exception {
    DbLogin login = stack.appLogin(ServiceDatabase.CUSTOMERS);
    return DriverManager.getConnection(
        stack.jdbcUrl(ServiceDatabase.CUSTOMERS), login.user(), login.password());
  }
}
