package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The replica's digest and {@code bin/outbox verify} on customers written through customer-app and
 * replicated by order-app over the real relays and Kafka: both sides' digests are equal for the
 * same state (amounts with cents, non-ASCII text, deleted customers, microsecond instants, credit
 * reserved by an order), and drift injected into the replica afterwards is reported exactly.
 *
 * <p>The stack's databases are shared with the other system tests, whose rows may differ already (a
 * customer an operator restored by hand in customers only): verify is run first to know them, and
 * this test's drift must be reported on top of exactly those. The replica is restored at the end.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(5)
class ReplicaVerifyIT {

  private static final Duration CONVERGENCE = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutboxStack stack;
  private Platform platform;
  private Sql sql;

  @BeforeAll
  void start(OutboxStack stack) {
    this.stack = stack;
    this.sql = new Sql(stack);
    this.platform = new Platform(stack).start();
  }

  @AfterAll
  void stop() throws Exception {
    platform.close();
  }

  private record Run(int exit, String output) {}

  private Run outbox(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(UpProcess.ROOT.resolve("bin/outbox").toString());
    command.addAll(List.of(args));
    command.add("--db-port=" + stack.postgres().port());
    Path output = Files.createTempFile("outbox-verify-", ".out");
    Path progress = Files.createTempFile("outbox-verify-", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectError(progress.toFile())
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("bin/outbox verify ends").isTrue();
    String text = Files.readString(output);
    System.out.println(
        "$ bin/outbox "
            + String.join(" ", args)
            + "\n--- stderr\n"
            + Files.readString(progress)
            + "--- stdout\n"
            + text);
    return new Run(process.exitValue(), text);
  }

  private String create(String name, String creditLimit) {
    Http.Answer created =
        platform
            .customers()
            .post(
                "/customers",
                Map.of(
                    "name",
                    name,
                    "email",
                    UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                    "address",
                    "12 Rue de l'Église, Zürich",
                    "creditLimit",
                    new BigDecimal(creditLimit)));
    assertThat(created.status()).as("POST /customers %s", created.body()).isEqualTo(201);
    return created.text("id");
  }

  private void update(String id, String name, String creditLimit) {
    Http.Answer updated =
        platform
            .customers()
            .put(
                "/customers/" + id,
                Map.of(
                    "name",
                    name,
                    "email",
                    "renamed." + id.substring(0, 8) + "@example.com",
                    "address",
                    "東京都千代田区 1-1",
                    "creditLimit",
                    new BigDecimal(creditLimit)));
    assertThat(updated.status()).as("PUT %s", updated.body()).isEqualTo(200);
  }

  private String in(List<String> ids) {
    return "('" + String.join("','", ids) + "')";
  }

  /** id=version|digest of each of {@code ids}, from one side's digest view. */
  private Map<String, String> digests(ServiceDatabase db, String view, List<String> ids) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (String row :
        sql.rows(
            db,
            "SELECT aggregate_id, aggregate_version, digest FROM "
                + view
                + " WHERE aggregate_id IN "
                + in(ids)
                + " ORDER BY aggregate_id COLLATE \"C\"")) {
      String[] columns = row.split("\\|");
      digests.put(
          columns[0].substring("aggregate_id=".length()),
          columns[1].substring("aggregate_version=".length())
              + "|"
              + columns[2].substring("digest=".length()));
    }
    return digests;
  }

  private Map<String, String> source(List<String> ids) {
    return digests(ServiceDatabase.CUSTOMERS, "customer_digest", ids);
  }

  private Map<String, String> replica(List<String> ids) {
    return digests(ServiceDatabase.ORDERS, "customer_replica_digest", ids);
  }

  /** "kind id" of every difference a JSON report lists. */
  private static Set<String> differences(Run run) throws IOException {
    Set<String> differences = new HashSet<>();
    for (JsonNode d : JSON.readTree(run.output()).get("replicas").get(0).get("differences")) {
      differences.add(
          d.get("kind").asText()
              + " "
              + d.get("id").asText()
              + (d.get("behind").isNull() ? "" : " behind " + d.get("behind").asLong()));
    }
    return differences;
  }

  @Test
  void both_sides_digest_alike_and_verify_reports_injected_drift_exactly() throws Exception {
    List<String> ids = new ArrayList<>();
    ids.add(create("Zoë \"Z\" Ünïcødé 東京", "1500.50"));
    ids.add(create("Ada Lovelace", "100.00"));
    ids.add(create("Émile Zola", "0.01"));
    for (int i = 0; i < 9; i++) {
      ids.add(create("Customer " + i + " ñ", (1000 + i) + ".0" + i));
    }
    update(ids.get(3), "Renamed once", "2500.75");
    update(ids.get(3), "Renamed twice", "2600.75"); // version 3
    update(ids.get(4), "Ünïcødé again", "10.10");
    for (int i = 8; i < 12; i++) {
      assertThat(platform.customers().delete("/customers/" + ids.get(i)).status()).isEqualTo(200);
    }
    // Credit reserved by an order: a customer event of customer-app's own.
    await().atMost(CONVERGENCE).until(() -> replica(ids).containsKey(ids.get(1)));
    Http.Answer order =
        platform
            .orders()
            .post(
                "/orders",
                Map.of(
                    "customerId",
                    ids.get(1),
                    "lines",
                    List.of(
                        Map.of(
                            "sku",
                            "BOOK-1",
                            "quantity",
                            2,
                            "unitPrice",
                            new BigDecimal("30.00")))));
    assertThat(order.status()).as("POST /orders %s", order.body()).isEqualTo(201);
    await()
        .atMost(CONVERGENCE)
        .until(
            () ->
                sql.count(
                        ServiceDatabase.CUSTOMERS,
                        "SELECT count(*) FROM customer WHERE reserved_credit = 60.00 AND id = '"
                            + ids.get(1)
                            + "'")
                    == 1);

    // The same state on both sides: the same version and digest for every customer.
    await()
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(replica(ids)).isEqualTo(source(ids)).hasSize(12));
    assertThat(
            sql.count(
                ServiceDatabase.CUSTOMERS,
                "SELECT count(*) FROM customer WHERE extract(microseconds FROM created_at)::bigint"
                    + " % 1000 <> 0 AND id IN "
                    + in(ids)))
        .as("instants below the millisecond are compared")
        .isPositive();

    // What verify reports before this test's drift: other tests' rows, if any.
    Run baseline = outbox("verify", "--json", "--grace=1s");
    Set<String> before = differences(baseline);
    assertThat(before).noneMatch(d -> ids.stream().anyMatch(d::contains));

    String snapshot =
        sql.rows(
                ServiceDatabase.ORDERS,
                "SELECT string_agg(format('(%L, %L, %L, %L, %s, %s, %s, %L, %L, %L)', id, name,"
                    + " email, address, credit_limit, reserved_credit, version, created_at,"
                    + " updated_at, deleted_at), ', ') AS v FROM"
                    + " customer_replica WHERE id IN "
                    + in(ids))
            .get(0)
            .substring("v=".length());
    String edited = ids.get(0);
    String deleted = ids.get(2);
    String stale = ids.get(3);
    String extra = UUID.randomUUID().toString();
    try {
      // One replicated column differs: that customer's digest, and only its, differs.
      sql.execute(
          ServiceDatabase.ORDERS,
          "UPDATE customer_replica SET address = '12 Rue de l''Eglise, Zürich' WHERE id = '"
              + edited
              + "'");
      Map<String, String> sourceNow = source(ids);
      Map<String, String> replicaNow = replica(ids);
      for (String id : ids) {
        assertThat(replicaNow.get(id).equals(sourceNow.get(id)))
            .as(id)
            .isEqualTo(!id.equals(edited));
      }
      assertThat(replicaNow.get(edited).split("\\|")[0])
          .isEqualTo(sourceNow.get(edited).split("\\|")[0]);

      sql.execute(
          ServiceDatabase.ORDERS, "DELETE FROM customer_replica WHERE id = '" + deleted + "'");
      sql.execute(
          ServiceDatabase.ORDERS,
          "UPDATE customer_replica SET version = version - 2 WHERE id = '" + stale + "'");
      sql.execute(
          ServiceDatabase.ORDERS,
          "INSERT INTO customer_replica (id, name, email, address, credit_limit, version,"
              + " created_at, updated_at) VALUES ('"
              + extra
              + "', 'Ghost', 'ghost@example.com', '', 1, 1, now(), now())");

      Run json = outbox("verify", "--json", "--grace=1s");
      assertThat(json.exit()).isEqualTo(1);
      Set<String> expected = new HashSet<>(before);
      expected.addAll(
          List.of(
              "differing " + edited,
              "missing " + deleted,
              "stale " + stale + " behind 2",
              "extra " + extra));
      assertThat(differences(json)).isEqualTo(expected);

      Run text = outbox("verify", "--grace=1s");
      assertThat(text.exit()).isEqualTo(1);
      assertThat(text.output())
          .contains(
              "verify: DIFFERS: customer_replica differs from its source (" + expected.size());
      if (expected.size() <= 20) {
        assertThat(text.output())
            .contains("differing  " + edited + "  v1 on both sides, different contents")
            .contains("missing    " + deleted + "  source v1, not in the replica")
            .contains("stale      " + stale + "  replica v1, source v3: 2 versions behind")
            .contains("extra      " + extra + "  replica v1, not in the source");
      }
    } finally {
      sql.execute(
          ServiceDatabase.ORDERS,
          "DELETE FROM customer_replica WHERE id IN " + in(ids) + " OR id = '" + extra + "'");
      sql.execute(ServiceDatabase.ORDERS, "INSERT INTO customer_replica VALUES " + snapshot);
    }
    assertThat(replica(ids)).isEqualTo(source(ids));
    Run restored = outbox("verify", "--json", "--grace=1s");
    assertThat(differences(restored)).isEqualTo(before);
    assertThat(restored.exit()).isEqualTo(before.isEmpty() ? 0 : 1);
  }
}
