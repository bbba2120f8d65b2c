package dev.outbox.order.replica;

import static dev.outbox.order.OrderAppFixture.WAIT;
import static dev.outbox.order.OrderAppFixture.customer;
import static dev.outbox.order.store.jooq.Tables.PURCHASE_ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventJson;
import dev.outbox.order.OrderAppFixture;
import dev.outbox.order.events.CreditRejected;
import dev.outbox.order.events.CreditReserved;
import dev.outbox.order.events.CustomerSnapshot;
import dev.outbox.order.events.CustomerState;
import dev.outbox.order.store.jooq.tables.records.PurchaseOrderRecord;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** order-app moving orders on customer-app's credit decisions, from a real broker. */
@ExtendWith(OutboxStackExtension.class)
class OrderCreditIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static OrderAppFixture fixture;

  @BeforeAll
  static void start(OutboxStack stack) {
    fixture = OrderAppFixture.start(stack);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void CreditReserved_confirms_the_pending_order_and_updates_the_replica() {
    UUID customer = fixture.knownCustomer();
    UUID order = place(customer);

    fixture.publish(
        new CreditReserved(order, new BigDecimal("250.00"), reserved(customer, 2, "250.00")));

    await().atMost(WAIT).until(() -> "CONFIRMED".equals(row(order).getStatus()));
    PurchaseOrderRecord row = row(order);
    assertThat(row.getVersion()).isEqualTo(2);
    assertThat(row.getRejectReason()).isNull();
    assertThat(fixture.replicaVersion(customer)).isEqualTo(2);
    HttpResponse<String> read = fixture.get("/orders/" + order);
    assertThat(read.body()).contains("\"status\":\"CONFIRMED\"");
  }

  @Test
  void CreditRejected_rejects_the_order_with_the_reason_as_compensation() {
    UUID customer = fixture.knownCustomer();
    UUID order = place(customer);

    fixture.publish(
        new CreditRejected(
            order,
            new BigDecimal("250.00"),
            "credit limit 100.00 exceeded: 0.00 reserved, 250.00 requested",
            reserved(customer, 2, "0.00")));

    await().atMost(WAIT).until(() -> "REJECTED".equals(row(order).getStatus()));
    assertThat(row(order).getRejectReason()).contains("credit limit 100.00 exceeded");
    assertThat(fixture.replicaVersion(customer)).isEqualTo(2);
  }

  @Test
  void a_second_decision_for_an_order_already_decided_changes_the_replica_but_not_the_order() {
    UUID customer = fixture.knownCustomer();
    UUID order = place(customer);
    fixture.publish(
        new CreditReserved(order, new BigDecimal("250.00"), reserved(customer, 2, "250.00")));
    await().atMost(WAIT).until(() -> "CONFIRMED".equals(row(order).getStatus()));

    fixture.publish(
        new CreditRejected(
            order, new BigDecimal("250.00"), "late", reserved(customer, 3, "250.00")));

    fixture.awaitReplicaVersion(customer, 3);
    assertThat(row(order).getStatus()).isEqualTo("CONFIRMED");
    assertThat(row(order).getVersion()).isEqualTo(2);
  }

  @Test
  void a_decision_about_an_order_order_app_never_had_still_updates_the_replica() {
    UUID customer = fixture.knownCustomer();

    fixture.publish(
        new CreditReserved(
            UUID.randomUUID(), new BigDecimal("5.00"), reserved(customer, 2, "5.00")));

    fixture.awaitReplicaVersion(customer, 2);
    assertThat(fixture.app().customerConsumer().deadLetters().open())
        .noneSatisfy(dead -> assertThat(dead.aggregateId()).isEqualTo(customer.toString()));
  }

  @Test
  void a_snapshot_updates_the_replica_but_never_decides_an_order() {
    UUID customer = fixture.knownCustomer();
    UUID order = place(customer);

    // What a backfill republishes after customer-app reserved the credit: the state only.
    fixture.publish(new CustomerSnapshot(reserved(customer, 2, "250.00")));

    fixture.awaitReplicaVersion(customer, 2);
    assertThat(row(order).getStatus()).isEqualTo("PENDING");
    assertThat(row(order).getVersion()).isEqualTo(1);
  }

  private static CustomerState reserved(UUID id, long version, String reservedCredit) {
    CustomerState base = customer(id, version, "1000.00");
    return new CustomerState(
        id,
        base.name(),
        base.email(),
        base.address(),
        base.postalAddress(),
        base.creditLimit(),
        new BigDecimal(reservedCredit),
        version,
        base.createdAt(),
        base.updatedAt(),
        null);
  }

  private static UUID place(UUID customer) {
    HttpResponse<String> response =
        fixture.post(
            "/orders",
            "{\"customerId\":\""
                + customer
                + "\",\"lines\":[{\"sku\":\"BOOK-001\",\"quantity\":2,\"unitPrice\":125}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    try {
      return UUID.fromString(JSON.readTree(response.body()).get("id").asText());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static PurchaseOrderRecord row(UUID order) {
    return fixture
        .sql()
        .selectFrom(PURCHASE_ORDER)
        .where(PURCHASE_ORDER.ID.eq(order))
        .fetchSingle();
  }
}
