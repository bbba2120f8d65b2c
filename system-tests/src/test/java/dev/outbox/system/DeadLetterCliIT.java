package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parked events handled by an operator with {@code bin/outbox dlq}, run as a person runs it, while
 * the relays and apps run: an {@code OrderPlaced} for a customer that customer-app does not know is
 * parked; after the operator fixes the data, {@code dlq replay} applies it; another one is given up
 * with {@code dlq discard}, which keeps its row. The views show each step.
 */
@ExtendWith(OutboxStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(2)
class DeadLetterCliIT {

  private static final Duration FLOW = Duration.ofMinutes(3);
  private static final String CONSUMER = "customer-app.credit-check";

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

  /**
   * order-app's outbox gets an OrderPlaced as order-app writes it; the order relay publishes it.
   */
  private String orderPlacedFor(UUID customerId) {
    String orderId = UUID.randomUUID().toString();
    sql.execute(
        ServiceDatabase.ORDERS,
        "INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,"
            + " payload, occurred_at) VALUES ('"
            + UUID.randomUUID()
            + "', 'order', '"
            + orderId
            + "', 1, 'OrderPlaced', '{\"orderId\": \""
            + orderId
            + "\", \"customerId\": \""
            + customerId
            + "\", \"status\": \"PENDING\", \"total\": 25.00, \"lines\": [{\"sku\": \"BOOK-1\","
            + " \"quantity\": 1, \"unitPrice\": 25.00}], \"version\": 1, \"placedAt\":"
            + " \"2026-11-26T13:05:30Z\"}', now())");
    return orderId;
  }

  private String dbPort() {
    return "--db-port=" + stack.postgres().port();
  }

  private long awaitParked(String orderId) {
    await()
        .atMost(FLOW)
        .until(
            () ->
                sql.count(
                        ServiceDatabase.CUSTOMERS,
                        "SELECT count(*) FROM dead_letter_open WHERE status = 'PARKED' AND aggregate_id = '"
                            + orderId
                            + "'")
                    == 1);
    return sql.count(
        ServiceDatabase.CUSTOMERS,
        "SELECT id FROM dead_letter WHERE aggregate_id = '" + orderId + "'");
  }

  private String status(long deadLetterId) {
    String row =
        sql.rows(
                ServiceDatabase.CUSTOMERS,
                "SELECT status FROM dead_letter WHERE id = " + deadLetterId)
            .get(0);
    return row.substring(row.indexOf('=') + 1);
  }

  @Test
  void an_operator_lists_replays_after_a_data_fix_and_discards_parked_events() throws Exception {
    String appUrl = "--customer-app-url=" + platform.customerApp().baseUri();
    UUID unknown = UUID.randomUUID();
    String firstOrder = orderPlacedFor(unknown);
    long first = awaitParked(firstOrder);

    BinOutbox list = BinOutbox.run("dlq", "list", dbPort());
    assertThat(list.exit()).isZero();
    assertThat(list.output())
        .contains("#" + first, "PARKED", CONSUMER, "order/" + firstOrder, "OrderPlaced");
    BinOutbox unhealthy =
        BinOutbox.run(
            "status",
            dbPort(),
            appUrl,
            "--order-app-url=" + platform.orderApp().baseUri(),
            "--customers-relay-url=" + platform.relayUrl(ServiceDatabase.CUSTOMERS),
            "--orders-relay-url=" + platform.relayUrl(ServiceDatabase.ORDERS));
    assertThat(unhealthy.exit()).isEqualTo(1);
    assertThat(unhealthy.output())
        .contains("customers: 1 parked event(s)")
        .containsPattern("customers-relay +UP")
        .containsPattern("order-app +UP");

    // The trail of the parked event across both databases: written in orders, parked in customers.
    String eventId =
        sql.rows(ServiceDatabase.CUSTOMERS, "SELECT event_id FROM dead_letter WHERE id = " + first)
            .get(0)
            .substring("event_id=".length());
    assertThat(sql.rows(ServiceDatabase.ORDERS, "SELECT step FROM event_trail('" + eventId + "')"))
        .containsExactly("step=written");
    assertThat(
            sql.rows(
                ServiceDatabase.CUSTOMERS,
                "SELECT step, actor FROM event_trail('" + eventId + "')"))
        .containsExactly("step=parked|actor=" + CONSUMER);

    // The operator fixes the data (the customer was lost from customer-app), then replays.
    sql.execute(
        ServiceDatabase.CUSTOMERS,
        "INSERT INTO customer (id, name, email, address, credit_limit, version, created_at,"
            + " updated_at) VALUES ('"
            + unknown
            + "', 'Restored Rita', 'rita@example.com', '', 100, 1, now(), now())");
    BinOutbox replay = BinOutbox.run("dlq", "replay", "customers", Long.toString(first), appUrl);
    assertThat(replay.exit()).as(replay.output()).isZero();
    assertThat(replay.output()).contains("\"resolved\":[" + first + "]", "\"parked\":null");
    assertThat(status(first)).isEqualTo("REPLAYED");
    assertThat(
            sql.rows(
                ServiceDatabase.CUSTOMERS,
                "SELECT decision FROM credit_reservation WHERE order_id = '" + firstOrder + "'"))
        .containsExactly("decision=RESERVED");

    // Another one that cannot be fixed is discarded: out of the queue, its row kept.
    String secondOrder = orderPlacedFor(UUID.randomUUID());
    long second = awaitParked(secondOrder);
    BinOutbox discard = BinOutbox.run("dlq", "discard", "customers", Long.toString(second), appUrl);
    assertThat(discard.exit()).as(discard.output()).isZero();
    assertThat(status(second)).isEqualTo("DISCARDED");
    assertThat(BinOutbox.run("dlq", "list", dbPort()).output()).doesNotContain("#" + second + " ");
    assertThat(
            sql.count(
                ServiceDatabase.CUSTOMERS,
                "SELECT count(*) FROM dead_letter_open WHERE consumer = '" + CONSUMER + "'"))
        .isZero();

    // Replaying what is no longer parked is refused and changes nothing.
    BinOutbox again = BinOutbox.run("dlq", "replay", "customers", Long.toString(second), appUrl);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(status(second)).isEqualTo("DISCARDED");
  }
}
