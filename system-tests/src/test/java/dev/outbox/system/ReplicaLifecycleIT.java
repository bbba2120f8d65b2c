package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.stack.Progress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The life of order-app's customer replica on the real platform (both relays as processes, both
 * apps, PostgreSQL and Kafka): customers whose history neither Kafka (its records deleted) nor the
 * outbox (purged) holds reach a fresh order-app through its bootstrap; drift on the replica is
 * reported by {@code bin/outbox verify} and removed by {@code bin/outbox rebuild}, also while
 * customers keep changing; while the replica is incomplete, an order for a customer it does not
 * know yet is answered 503.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaLifecycleIT {

  private static final int SEEDED = 3000;
  private static final Duration FLOW = Duration.ofMinutes(3);
  private static final int WITH_HISTORY = 200;
  private static final String CONSUMER = "order-app.customer-replica";
  private static final String CUSTOMER_TOPIC = "customer.events";

  private OutboxStack stack;
  private Platform platform;
  private Sql sql;

  @BeforeAll
  void start(OutboxStack stack) throws Exception {
    this.stack = stack;
    this.sql = new Sql(stack);
    // Customers written long before order-app ever ran: most by SQL with no event at all, some
    // through customer-app, whose events reach Kafka and are then deleted there (as retention
    // would once they are older than retention.ms) and purged from the outbox.
    sql.execute(
        ServiceDatabase.CUSTOMERS,
        "INSERT INTO customer (id, name, email, address, credit_limit, reserved_credit, version,"
            + " created_at, updated_at, deleted_at)"
            + " SELECT gen_random_uuid(), 'Customer ' || g, 'c' || g || '@example.com',"
            + " g || ' Long Street', 100.00 + g, 0, 1 + g % 4,"
            + " now() - interval '30 days', now() - interval '20 days',"
            + " CASE WHEN g % 100 = 0 THEN now() - interval '10 days' END"
            + " FROM generate_series(1, "
            + SEEDED
            + ") g");
    this.platform = new Platform(stack).startRelaysAndCustomerApp();
    try (TopicHistory history = new TopicHistory(stack.kafkaBootstrapServers())) {
      long before = written(history);
      for (int i = 0; i < WITH_HISTORY; i++) {
        Http.Answer created =
            platform
                .customers()
                .post(
                    "/customers",
                    Map.of(
                        "name", "Early " + i,
                        "email", "e" + i + "@example.com",
                        "address", i + " Old Road",
                        "creditLimit", 50));
        assertThat(created.status()).isEqualTo(201);
      }
      Progress.awaitAtLeast(
          "customer events in Kafka",
          () -> written(history),
          before + WITH_HISTORY,
          Duration.ofMinutes(1));
      assertThat(history.deleteAll(CUSTOMER_TOPIC)).isGreaterThanOrEqualTo(WITH_HISTORY);
      assertThat(history.retained(CUSTOMER_TOPIC)).isZero();
    }
    // The other system tests share this stack: their events expire too, and order-app gets a
    // fresh database for its replica (no copy, nothing applied, never filled), so that this is
    // its first start.
    sql.execute(ServiceDatabase.CUSTOMERS, "DELETE FROM outbox");
    sql.execute(
        ServiceDatabase.ORDERS,
        "DELETE FROM replica_fill; DELETE FROM customer_replica;"
            + " DELETE FROM inbox WHERE consumer = '"
            + CONSUMER
            + "'; DELETE FROM consumer_aggregate WHERE consumer = '"
            + CONSUMER
            + "'");
    platform.startOrderApp();
  }

  private static long written(TopicHistory history) {
    try {
      return history.written(CUSTOMER_TOPIC);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return 0; // the relay creates the topic with its first record
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @AfterAll
  void stop() throws Exception {
    platform.close();
  }

  @Test
  @Order(1)
  void a_first_start_builds_the_complete_replica_without_any_history() throws Exception {
    awaitComplete();
    assertThat(sourceDigests()).hasSizeGreaterThanOrEqualTo(SEEDED + WITH_HISTORY);
    assertThat(replicaDigests()).isEqualTo(sourceDigests());
    BinOutbox verify = BinOutbox.run("verify", dbPort(), "--grace=1s");
    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(platform.orders().get("/health").body().get("checks").get("replicas").toString())
        .contains("\"status\":\"UP\"")
        .contains("\"state\":\"complete\"");
  }

  @Test
  @Order(2)
  void drift_is_reported_by_verify_and_gone_after_a_rebuild() throws Exception {
    List<String> ids = values(ServiceDatabase.CUSTOMERS, "SELECT id FROM customer ORDER BY id");
    String changed = ids.get(10);
    String deleted = ids.get(20);
    String extra = "00000000-0000-4000-8000-0000000000ee";
    sql.execute(
        ServiceDatabase.ORDERS,
        "UPDATE customer_replica SET address = 'wrong' WHERE id = '" + changed + "'");
    sql.execute(
        ServiceDatabase.ORDERS, "DELETE FROM customer_replica WHERE id = '" + deleted + "'");
    sql.execute(
        ServiceDatabase.ORDERS,
        "INSERT INTO customer_replica (id, name, email, address, credit_limit, version, created_at,"
            + " updated_at) VALUES ('"
            + extra
            + "', 'Ghost', 'ghost@example.com', '', 1, 1, now(), now())");

    BinOutbox drift = BinOutbox.run("verify", dbPort(), "--grace=1s");
    assertThat(drift.exit()).as(drift.output()).isEqualTo(1);
    assertThat(drift.output())
        .contains("DIFFERS: 1 missing, 1 extra, 0 stale, 1 differing")
        .contains("missing    " + deleted)
        .contains("extra      " + extra)
        .contains("differing  " + changed);

    int customers = sourceDigests().size();
    long appliedBefore = applied();
    BinOutbox rebuild = BinOutbox.run("rebuild", "orders", CONSUMER, dbPort());
    assertThat(rebuild.exit()).as(rebuild.output()).isZero();
    assertThat(rebuild.output())
        .contains("emptied customer_replica of " + CONSUMER + " and asked customers")
        .contains("rebuild of " + CONSUMER + ": customer_replica complete again, " + customers);

    BinOutbox clean = BinOutbox.run("verify", dbPort(), "--grace=1s");
    assertThat(clean.exit()).as(clean.output()).isZero();
    assertThat(replicaDigests()).isEqualTo(sourceDigests());
    // consumer_status counts what the consumer ever applied: the rebuild's snapshots on top.
    assertThat(applied()).isGreaterThanOrEqualTo(appliedBefore + customers);
  }

  private long applied() {
    return Long.parseLong(
        values(
                ServiceDatabase.ORDERS,
                "SELECT applied FROM consumer_status WHERE consumer = '" + CONSUMER + "'")
            .get(0));
  }

  @Test
  @Order(3)
  void a_rebuild_under_continuous_writes_ends_with_the_replica_equal_to_its_source()
      throws Exception {
    List<String> ids = values(ServiceDatabase.CUSTOMERS, "SELECT id FROM customer ORDER BY id");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong writes = new AtomicLong();
    List<Throwable> failures = new ArrayList<>();
    Thread writer =
        new Thread(
            () -> {
              Http customers = platform.customers();
              int i = 0;
              try {
                while (writing.get()) {
                  String id = ids.get((i * 37) % ids.size());
                  Http.Answer answer =
                      customers.put(
                          "/customers/" + id,
                          Map.of(
                              "name", "Renamed " + i,
                              "email", "r" + i + "@example.com",
                              "address", i + " New Street",
                              "creditLimit", 500));
                  // A seeded customer may be deleted (409/410): that is an answer too.
                  if (answer.status() >= 500) {
                    throw new IllegalStateException("PUT answered " + answer.status());
                  }
                  if (customers
                          .post(
                              "/customers",
                              Map.of(
                                  "name",
                                  "Live " + i,
                                  "email",
                                  "l" + i + "@example.com",
                                  "address",
                                  "x",
                                  "creditLimit",
                                  10))
                          .status()
                      != 201) {
                    throw new IllegalStateException("POST failed");
                  }
                  writes.addAndGet(2);
                  i++;
                }
              } catch (Throwable t) {
                synchronized (failures) {
                  failures.add(t);
                }
              }
            },
            "writer");
    writer.start();
    Progress.awaitAtLeast("writes before the rebuild", writes::get, 50, Duration.ofMinutes(1));

    BinOutbox rebuild = BinOutbox.run("rebuild", "orders", CONSUMER, dbPort());
    Progress.awaitAtLeast(
        "writes after the rebuild", writes::get, writes.get() + 50, Duration.ofMinutes(1));
    writing.set(false);
    writer.join(TimeUnit.MINUTES.toMillis(2));
    assertThat(failures).isEmpty();
    assertThat(rebuild.exit()).as(rebuild.output()).isZero();

    await()
        .atMost(FLOW)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> replicaDigests().equals(sourceDigests()));
    BinOutbox verify = BinOutbox.run("verify", dbPort(), "--grace=2s");
    assertThat(verify.exit()).as(verify.output()).isZero();
  }

  @Test
  @Order(4)
  void while_the_replica_is_incomplete_an_unknown_customer_is_answered_503() throws Exception {
    String customer =
        values(
                ServiceDatabase.CUSTOMERS,
                "SELECT id FROM customer WHERE deleted_at IS NULL ORDER BY id LIMIT 1")
            .get(0);
    // Without the customers relay the answer cannot reach order-app: the fill stays requested.
    platform.killRelay(ServiceDatabase.CUSTOMERS);
    BinOutbox rebuild = BinOutbox.run("rebuild", "orders", CONSUMER, dbPort(), "--stall=5s");
    assertThat(rebuild.exit()).as(rebuild.output()).isEqualTo(1);
    assertThat(rebuild.output()).contains("customers has not answered request");
    await()
        .atMost(FLOW)
        .until(
            () ->
                platform
                    .orders()
                    .get("/health")
                    .body()
                    .toString()
                    .contains("customer_replica waiting for customers to answer"));

    HttpResponse<String> refused = placeOrder(customer);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body())
        .startsWith("{\"error\":\"replica rebuilding: customer " + customer)
        .contains("waiting for customers to answer (rebuild)");

    platform.startRelay(ServiceDatabase.CUSTOMERS);
    awaitComplete();
    assertThat(placeOrder(customer).statusCode()).isEqualTo(201);
    // The order's credit decision moves the customer on: the replica follows.
    await()
        .atMost(FLOW)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> replicaDigests().equals(sourceDigests()));
  }

  private void awaitComplete() {
    await()
        .atMost(FLOW)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                values(
                        ServiceDatabase.ORDERS,
                        "SELECT state FROM replica_status WHERE replica = 'customer_replica'")
                    .equals(List.of("complete")));
  }

  /** The first column of each row. */
  private List<String> values(ServiceDatabase db, String query) {
    return sql.rows(db, query).stream().map(row -> row.substring(row.indexOf('=') + 1)).toList();
  }

  private HttpResponse<String> placeOrder(String customer) throws Exception {
    URI uri = platform.orderApp().baseUri().resolve("/orders");
    String body =
        "{\"customerId\":\""
            + customer
            + "\",\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":1,\"unitPrice\":1.00}]}";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private Set<String> sourceDigests() {
    return new HashSet<>(
        sql.rows(
            ServiceDatabase.CUSTOMERS,
            "SELECT aggregate_id, aggregate_version, digest FROM customer_digest"));
  }

  private Set<String> replicaDigests() {
    return new HashSet<>(
        sql.rows(
            ServiceDatabase.ORDERS,
            "SELECT aggregate_id, aggregate_version, digest FROM customer_replica_digest"));
  }

  private String dbPort() {
    return "--db-port=" + stack.postgres().port();
  }
}
