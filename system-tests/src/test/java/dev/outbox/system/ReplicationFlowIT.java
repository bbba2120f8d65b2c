package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.cli.OutboxCli;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reference webshop end to end: customer-app and order-app, each beside its own database, with
 * a real relay process per database streaming the outboxes through a real Kafka broker.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class ReplicationFlowIT {

  private static final Duration CONVERGENCE = Duration.ofMinutes(3);

  /** The customer columns that the replica must hold exactly as the owner does. */
  private static final String CUSTOMER_COLUMNS =
      "id, name, email, address, credit_limit, reserved_credit, version, created_at, updated_at,"
          + " deleted_at";

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

  private List<String> customerTable() {
    return sql.rows(
        ServiceDatabase.CUSTOMERS, "SELECT " + CUSTOMER_COLUMNS + " FROM customer ORDER BY id");
  }

  private List<String> replicaTable() {
    return sql.rows(
        ServiceDatabase.ORDERS,
        "SELECT " + CUSTOMER_COLUMNS + " FROM customer_replica ORDER BY id");
  }

  private String createCustomer(String name, int creditLimit) {
    Http.Answer created =
        platform
            .customers()
            .post(
                "/customers",
                Map.of(
                    "name",
                    name,
                    "email",
                    name.toLowerCase().replace(' ', '.') + "@example.com",
                    "address",
                    "1 Main Street",
                    "creditLimit",
                    creditLimit));
    assertThat(created.status()).as("POST /customers %s", created.body()).isEqualTo(201);
    assertThat(created.body().get("version").asLong()).isEqualTo(1);
    return created.text("id");
  }

  private void awaitReplicated(String customerId) {
    await()
        .atMost(CONVERGENCE)
        .until(
            () ->
                sql.count(
                        ServiceDatabase.ORDERS,
                        "SELECT count(*) FROM customer_replica WHERE id = '" + customerId + "'")
                    == 1);
  }

  private String placeOrder(String customerId, int quantity, int unitPrice) {
    Http.Answer placed =
        platform
            .orders()
            .post(
                "/orders",
                Map.of(
                    "customerId",
                    customerId,
                    "lines",
                    List.of(Map.of("sku", "SKU-1", "quantity", quantity, "unitPrice", unitPrice))));
    assertThat(placed.status()).as("POST /orders %s", placed.body()).isEqualTo(201);
    assertThat(placed.text("status")).isEqualTo("PENDING");
    return placed.text("id");
  }

  private String awaitFinalStatus(String orderId) {
    await()
        .atMost(CONVERGENCE)
        .until(() -> !platform.orders().get("/orders/" + orderId).text("status").equals("PENDING"));
    return platform.orders().get("/orders/" + orderId).text("status");
  }

  @Test
  @Order(1)
  void replica_converges_to_the_customer_table_through_concurrent_changes() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(createCustomer("Customer " + i, 1000 + i));
    }
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> updates = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int n = i;
        updates.add(
            writers.submit(
                () -> {
                  String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                  Http.Answer updated =
                      platform
                          .customers()
                          .put(
                              "/customers/" + id,
                              Map.of(
                                  "name", "Customer renamed " + n,
                                  "email", "renamed" + n + "@example.com",
                                  "address", n + " Side Street",
                                  "creditLimit", 500 + n));
                  assertThat(updated.status()).as("PUT %s", updated.body()).isEqualTo(200);
                }));
      }
      for (Future<?> update : updates) {
        update.get();
      }
    } finally {
      writers.shutdown();
    }
    for (int i = 0; i < ids.size(); i += 10) {
      assertThat(platform.customers().delete("/customers/" + ids.get(i)).status()).isEqualTo(200);
    }

    await()
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(replicaTable()).isEqualTo(customerTable()));
    assertThat(
            sql.count(
                ServiceDatabase.ORDERS,
                "SELECT count(*) FROM customer_replica WHERE deleted_at IS NOT NULL"))
        .isEqualTo(10);
  }

  @Test
  @Order(2)
  void orders_within_the_credit_limit_are_confirmed_and_over_it_rejected() {
    String customer = createCustomer("Credit Carla", 100);
    awaitReplicated(customer);

    String first = placeOrder(customer, 2, 30); // 60 of 100
    assertThat(awaitFinalStatus(first)).isEqualTo("CONFIRMED");
    String second = placeOrder(customer, 1, 60); // 60 more: over the limit, compensated
    assertThat(awaitFinalStatus(second)).isEqualTo("REJECTED");
    String third = placeOrder(customer, 1, 40); // exactly up to the limit
    assertThat(awaitFinalStatus(third)).isEqualTo("CONFIRMED");

    // Credit decisions are customer events: the replica follows the customer's version.
    await()
        .atMost(CONVERGENCE)
        .untilAsserted(() -> assertThat(replicaTable()).isEqualTo(customerTable()));
    assertThat(
            sql.rows(
                ServiceDatabase.CUSTOMERS,
                "SELECT version, reserved_credit FROM customer WHERE id = '" + customer + "'"))
        .containsExactly("version=4|reserved_credit=100.00");
  }

  @Test
  @Order(3)
  void an_order_for_an_unknown_or_deleted_customer_is_refused_and_writes_nothing() {
    String deleted = createCustomer("Deleted Dora", 1000);
    awaitReplicated(deleted);
    assertThat(platform.customers().delete("/customers/" + deleted).status()).isEqualTo(200);
    await()
        .atMost(CONVERGENCE)
        .until(
            () ->
                sql.count(
                        ServiceDatabase.ORDERS,
                        "SELECT count(*) FROM customer_replica WHERE deleted_at IS NOT NULL AND id = '"
                            + deleted
                            + "'")
                    == 1);

    long orders = sql.count(ServiceDatabase.ORDERS, "SELECT count(*) FROM purchase_order");
    long events = sql.count(ServiceDatabase.ORDERS, "SELECT count(*) FROM outbox");
    for (String customer : List.of(UUID.randomUUID().toString(), deleted)) {
      Http.Answer refused =
          platform
              .orders()
              .post(
                  "/orders",
                  Map.of(
                      "customerId",
                      customer,
                      "lines",
                      List.of(Map.of("sku", "SKU-1", "quantity", 1, "unitPrice", 5))));
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text("error")).contains(customer);
    }
    assertThat(sql.count(ServiceDatabase.ORDERS, "SELECT count(*) FROM purchase_order"))
        .isEqualTo(orders);
    assertThat(sql.count(ServiceDatabase.ORDERS, "SELECT count(*) FROM outbox")).isEqualTo(events);
  }

  @Test
  @Order(4)
  void every_event_published_a_second_time_changes_no_view_and_is_counted() {
    await()
        .atMost(CONVERGENCE)
        .untilAsserted(() -> assertThat(replicaTable()).isEqualTo(customerTable()));
    List<String> replica = replicaTable();
    List<String> customers = customerTable();
    List<String> orders =
        sql.rows(
            ServiceDatabase.ORDERS, "SELECT id, status, version FROM purchase_order ORDER BY id");
    long duplicatesBefore = duplicates();

    int republished =
        Republisher.republishAll(
            stack.kafkaBootstrapServers(), List.of("customer.events", "order.events"));
    assertThat(republished).isGreaterThan(100);

    // Both consumers see every record again: each one is counted as a duplicate, none applied.
    await()
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> duplicates() - duplicatesBefore == republished);
    assertThat(replicaTable()).isEqualTo(replica);
    assertThat(customerTable()).isEqualTo(customers);
    assertThat(
            sql.rows(
                ServiceDatabase.ORDERS,
                "SELECT id, status, version FROM purchase_order ORDER BY id"))
        .isEqualTo(orders);
  }

  private long duplicates() {
    long total = 0;
    for (ServiceDatabase db : ServiceDatabase.values()) {
      total += sql.count(db, "SELECT coalesce(sum(duplicates), 0) AS n FROM consumer_status");
    }
    return total;
  }

  @Test
  @Order(5)
  void status_is_healthy_while_the_relays_stream_and_not_once_one_is_killed() throws Exception {
    // The test platform's processes, where status reads their health.
    String[] status = {
      "status",
      "--db-port=" + stack.postgres().port(),
      "--customer-app-url=" + platform.customerApp().baseUri(),
      "--order-app-url=" + platform.orderApp().baseUri(),
      "--customers-relay-url=" + platform.relayUrl(ServiceDatabase.CUSTOMERS),
      "--orders-relay-url=" + platform.relayUrl(ServiceDatabase.ORDERS)
    };
    await().atMost(CONVERGENCE).until(() -> OutboxCli.commandLine(Map.of()).execute(status) == 0);

    platform.killRelay(ServiceDatabase.ORDERS);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> OutboxCli.commandLine(Map.of()).execute(status) == 1);

    platform.startRelay(ServiceDatabase.ORDERS);
    await().atMost(CONVERGENCE).until(() -> OutboxCli.commandLine(Map.of()).execute(status) == 0);
  }
}
