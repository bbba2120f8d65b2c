package dev.outbox.cli.verify;

import static dev.outbox.cli.verify.ReplicaTables.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code outbox verify} run from the operator jar, as a process, against the real databases of the
 * test stack: customers' {@code customer} and orders' {@code customer_replica} seeded with the same
 * rows, then drift injected into the replica as a bad deploy or a hand edit would leave it.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CUSTOMERS = 200;

  private OutboxStack stack;
  private ReplicaTables tables;

  @BeforeAll
  void stack(OutboxStack stack) {
    this.stack = stack;
    this.tables = new ReplicaTables(stack);
  }

  @BeforeEach
  void seed() {
    tables.empty();
    tables.seed(CUSTOMERS);
  }

  private List<String> verify(String... args) {
    List<String> all = new ArrayList<>(List.of("verify", "--db-port=" + stack.postgres().port()));
    all.addAll(List.of(args));
    return all;
  }

  private void replica(String sql) {
    tables.execute(ServiceDatabase.ORDERS, sql);
  }

  @Test
  void a_replica_equal_to_its_source_exits_0_in_text_and_json() throws Exception {
    // Small batches: many boundaries, each read as its own statement.
    CliProcess.Run text = CliProcess.run(verify("--batch-size=7"));
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains(
            "customer_replica (orders.customer_replica_digest, consumer"
                + " order-app.customer-replica) against customers.customer_digest"
                + " (jdbc:postgresql://127.0.0.1:"
                + stack.postgres().port()
                + "/customers)")
        .contains("  compared 200 ids (200 in the source, 200 in the replica) in ")
        .contains("  EQUAL\n")
        .endsWith("verify: EQUAL: customer_replica equals its source (200 ids)\n");
    assertThat(text.err())
        .contains("verify: customer_replica: comparing customer_replica_digest in orders");

    CliProcess.Run json = CliProcess.run(verify("--json"));
    assertThat(json.exit()).isZero();
    JsonNode document = JSON.readTree(json.out());
    assertThat(document.get("result").asText()).isEqualTo("EQUAL");
    JsonNode replica = document.get("replicas").get(0);
    assertThat(replica.get("name").asText()).isEqualTo("customer_replica");
    assertThat(replica.get("equal").asBoolean()).isTrue();
    assertThat(replica.get("compared").asLong()).isEqualTo(CUSTOMERS);
    assertThat(replica.get("differences")).isEmpty();
    assertThat(replica.get("counts").toString())
        .isEqualTo("{\"missing\":0,\"extra\":0,\"stale\":0,\"differing\":0}");
  }

  @Test
  void drift_injected_on_the_replica_is_reported_exactly_in_text_and_json() throws Exception {
    String extra = "00000000-0000-4000-8000-000000000001";
    replica("UPDATE customer_replica SET email = 'typo@example.com' WHERE id = '" + id(10) + "'");
    replica("DELETE FROM customer_replica WHERE id = '" + id(20) + "'");
    replica(
        "INSERT INTO customer_replica (id, name, email, address, credit_limit, version, created_at,"
            + " updated_at) VALUES ('"
            + extra
            + "', 'Ghost', 'ghost@example.com', '', 1, 1, now(), now())");
    replica("UPDATE customer_replica SET version = 2 WHERE id = '" + id(31) + "'"); // at 4
    replica("UPDATE customer_replica SET version = version + 1 WHERE id = '" + id(41) + "'");
    List<String> expected =
        List.of(
            "missing " + id(20) + " 1 null null",
            "extra " + extra + " null 1 null",
            "stale " + id(31) + " 4 2 2",
            "differing " + sorted(id(10), id(41)).get(0),
            "differing " + sorted(id(10), id(41)).get(1));

    CliProcess.Run text = CliProcess.run(verify("--grace=0", "--batch-size=7"));
    assertThat(text.exit()).as(text.err()).isEqualTo(1);
    assertThat(text.out())
        .contains(
            "  5 differed at first; looked again after 0s (1 time): 0 settled, 5 still differ")
        .contains("  DIFFERS: 1 missing, 1 extra, 1 stale, 2 differing\n")
        .contains("    missing    " + id(20) + "  source v1, not in the replica\n")
        .contains("    extra      " + extra + "  replica v1, not in the source\n")
        .contains("    stale      " + id(31) + "  replica v2, source v4: 2 versions behind\n")
        .contains("    differing  " + id(10) + "  v3 on both sides, different contents\n")
        .contains("    differing  " + id(41) + "  replica v3 ahead of source v2\n")
        .endsWith(
            "verify: DIFFERS: customer_replica differs from its source (5 rows); 1 of 1 replica"
                + " checked\n");

    CliProcess.Run json = CliProcess.run(verify("--json", "--grace=0"));
    assertThat(json.exit()).isEqualTo(1);
    JsonNode document = JSON.readTree(json.out());
    assertThat(document.get("result").asText()).isEqualTo("DIFFERS");
    JsonNode replica = document.get("replicas").get(0);
    assertThat(replica.get("equal").asBoolean()).isFalse();
    assertThat(replica.get("counts").toString())
        .isEqualTo("{\"missing\":1,\"extra\":1,\"stale\":1,\"differing\":2}");
    List<String> reported = new ArrayList<>();
    for (JsonNode d : replica.get("differences")) {
      String line = d.get("kind").asText() + " " + d.get("id").asText();
      if (!d.get("kind").asText().equals("differing")) {
        line +=
            " " + d.get("sourceVersion") + " " + d.get("replicaVersion") + " " + d.get("behind");
      }
      reported.add(line);
    }
    assertThat(reported).containsExactlyElementsOf(expected);
    assertThat(replica.get("sourceRows").asLong()).isEqualTo(CUSTOMERS);
    assertThat(replica.get("replicaRows").asLong()).isEqualTo(CUSTOMERS);
  }

  private static List<String> sorted(String... ids) {
    List<String> list = new ArrayList<>(List.of(ids));
    list.sort(CodePointOrder.INSTANCE);
    return list;
  }

  @Test
  void the_text_lists_the_first_20_ids_and_json_every_one() throws Exception {
    List<String> deleted = IntStream.rangeClosed(101, 130).mapToObj(ReplicaTables::id).toList();
    replica("DELETE FROM customer_replica WHERE id IN ('" + String.join("','", deleted) + "')");

    CliProcess.Run text = CliProcess.run(verify("--grace=0"));
    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out())
        .contains("  DIFFERS: 30 missing, 0 extra, 0 stale, 0 differing\n")
        .contains("    ... and 10 more (--json lists every one)\n");
    assertThat(text.out().lines().filter(l -> l.startsWith("    missing "))).hasSize(20);

    CliProcess.Run json = CliProcess.run(verify("--json", "--grace=0"));
    List<String> ids = new ArrayList<>();
    JSON.readTree(json.out())
        .get("replicas")
        .get(0)
        .get("differences")
        .forEach(d -> ids.add(d.get("id").asText()));
    assertThat(ids).containsExactlyElementsOf(sorted(deleted.toArray(String[]::new)));
  }

  @Test
  void a_difference_that_resolves_within_the_grace_period_is_not_reported() {
    String email =
        tables
            .column(
                ServiceDatabase.ORDERS,
                "SELECT email FROM customer_replica WHERE id = '" + id(7) + "'")
            .get(0);
    // The replica has not applied the newest event of customer 7 yet.
    replica(
        "UPDATE customer_replica SET version = version - 1, email = 'before@example.com'"
            + " WHERE id = '"
            + id(7)
            + "'");

    CliProcess verify = CliProcess.start(verify("--grace=30s"));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                verify.err().contains("1 row differs; re-checking after the grace period of 30s"));
    // ...and now it has, within the grace period.
    replica(
        "UPDATE customer_replica SET version = version + 1, email = '"
            + email
            + "' WHERE id = '"
            + id(7)
            + "'");
    CliProcess.Run run = verify.awaitExit();
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "  1 differed at first; looked again after 30s (1 time): 1 settled, 0 still differ")
        .contains("  EQUAL\n");
  }

  @Test
  void a_source_elsewhere_is_read_at_its_url_with_its_own_login() throws Exception {
    // The source named by URL, with the app role's login: a role that may read its digest view.
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + stack.postgres().port()
            + "/customers?user=customer_app&password=customer_app";
    CliProcess.Run run =
        CliProcess.run(
            verify("--json", "--replica=customer_replica", "--source-url", "customers=" + url));
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode replica = JSON.readTree(run.out()).get("replicas").get(0);
    assertThat(replica.get("source").get("url").asText())
        .isEqualTo(
            "jdbc:postgresql://127.0.0.1:"
                + stack.postgres().port()
                + "/customers?user=customer_app&password=<masked>");
    assertThat(replica.get("compared").asLong()).isEqualTo(CUSTOMERS);
    assertThat(run.out()).doesNotContain("password=customer_app");
  }

  @Test
  void an_unknown_replica_or_a_missing_view_exits_2_saying_what_to_do() {
    CliProcess.Run unknown = CliProcess.run(verify("--replica=customer_copy"));
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "verify: no replica called customer_copy; declared: customer_replica (in orders)");
    assertThat(unknown.out()).isEmpty();

    replica("UPDATE replica SET source_digest_view = 'customer_checksum'");
    try {
      CliProcess.Run missing = CliProcess.run(verify());
      assertThat(missing.exit()).isEqualTo(2);
      assertThat(missing.err())
          .contains(
              "verify: the digest view customer_checksum does not exist in database customers:"
                  + " apply that service's migrations (bin/outbox migrate), or correct the"
                  + " replica's declaration");
    } finally {
      replica("UPDATE replica SET source_digest_view = 'customer_digest'");
    }
  }
}
