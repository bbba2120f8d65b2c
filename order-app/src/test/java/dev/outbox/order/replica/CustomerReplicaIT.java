package dev.outbox.order.replica;

import static dev.outbox.order.OrderAppFixture.WAIT;
import static dev.outbox.order.OrderAppFixture.customer;
import static dev.outbox.order.store.jooq.Tables.CUSTOMER_REPLICA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.order.OrderAppFixture;
import dev.outbox.order.events.CustomerCreated;
import dev.outbox.order.events.CustomerDeleted;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.events.CustomerState;
import dev.outbox.order.events.CustomerUpdated;
import dev.outbox.order.events.PostalAddress;
import dev.outbox.order.store.jooq.tables.records.CustomerReplicaRecord;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** order-app's replica, fed by customer events from a real broker. */
@ExtendWith(OutboxStackExtension.class)
class CustomerReplicaIT {

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
  void the_replica_holds_every_column_of_the_latest_customer_event() {
    UUID id = UUID.randomUUID();
    CustomerState v1 = customer(id, 1, "100.00");
    // Text outside the basic plane, a combining accent and outer spaces reach the replica as sent.
    CustomerState v2 = changed(v1, 2, " Renamed \uD83D\uDE00 Cafe\u0301 ", "250.75", null);

    fixture.publish(new CustomerCreated(v1));
    fixture.publish(new CustomerUpdated(v2));

    fixture.awaitReplicaVersion(id, 2);
    assertReplicaEquals(v2);
  }

  @Test
  void an_older_version_delivered_after_a_newer_one_is_ignored() {
    UUID id = UUID.randomUUID();
    CustomerState v1 = customer(id, 1, "100.00");
    CustomerState v2 = changed(v1, 2, "Newer", "200.00", null);
    fixture.publish(new CustomerCreated(v1));
    fixture.publish(new CustomerUpdated(v2));
    fixture.awaitReplicaVersion(id, 2);
    long staleBefore = counter("stale");

    // v1 again under a new event id, with other content: the inbox lets it in, the guard does not.
    fixture.publish(new CustomerUpdated(changed(v1, 1, "Older", "1.00", null)));

    await().atMost(WAIT).until(() -> counter("stale") == staleBefore + 1);
    assertReplicaEquals(v2);
  }

  @Test
  void a_redelivered_event_has_no_second_effect() {
    UUID id = UUID.randomUUID();
    CustomerState v1 = customer(id, 1, "100.00");
    ProducerRecord<String, String> created =
        CloudEventRecords.record(
            fixture.customerTopic(), "customer", id.toString(), 1, new CustomerCreated(v1));
    long duplicatesBefore = counter("duplicate");

    fixture.records().send(created);
    fixture.records().send(created);

    await().atMost(WAIT).until(() -> counter("duplicate") == duplicatesBefore + 1);
    assertReplicaEquals(v1);
    assertThat(
            fixture
                .sql()
                .fetchCount(
                    DSL.table("inbox"),
                    DSL.field("consumer")
                        .eq(fixture.consumerName())
                        .and(DSL.field("aggregate_id").eq(id.toString()))))
        .isEqualTo(1);
  }

  @Test
  void a_deleted_customer_keeps_its_row_with_deleted_at_set() {
    UUID id = UUID.randomUUID();
    CustomerState v1 = customer(id, 1, "100.00");
    Instant deletedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    CustomerState v2 = changed(v1, 2, v1.name(), "100.00", deletedAt);

    fixture.publish(new CustomerCreated(v1));
    fixture.publish(new CustomerDeleted(v2));

    fixture.awaitReplicaVersion(id, 2);
    assertReplicaEquals(v2);
  }

  @Test
  void a_version_gap_is_applied_and_counted() {
    UUID id = UUID.randomUUID();
    CustomerState v1 = customer(id, 1, "100.00");
    CustomerState v3 = changed(v1, 3, "After a gap", "300.00", null);
    fixture.publish(new CustomerCreated(v1));
    fixture.awaitReplicaVersion(id, 1);
    long gapsBefore = counter("gap");
    long gapsInViewBefore = gapsInStatusView();

    fixture.publish(new CustomerUpdated(v3));

    fixture.awaitReplicaVersion(id, 3);
    assertReplicaEquals(v3);
    // The gap is applied (the event carries the full state) but never silently: it is counted.
    assertThat(counter("gap")).isEqualTo(gapsBefore + 1);
    assertThat(gapsInStatusView()).isEqualTo(gapsInViewBefore + 1);
  }

  @Test
  void an_event_whose_payload_contradicts_its_headers_is_parked() {
    UUID id = UUID.randomUUID();
    CustomerEvent lying = new CustomerCreated(customer(id, 1, "1.00"));

    fixture
        .records()
        .send(
            CloudEventRecords.record(fixture.customerTopic(), "customer", id.toString(), 7, lying));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(fixture.app().customerConsumer().deadLetters().open())
                    .anySatisfy(
                        dead -> {
                          assertThat(dead.aggregateId()).isEqualTo(id.toString());
                          assertThat(dead.error()).contains("but its headers say");
                        }));
    assertThat(fixture.replicaVersion(id)).isZero();
  }

  @Test
  void the_replica_upsert_itself_never_lets_an_older_version_overwrite_a_newer_one(
      OutboxStack stack) {
    // The consumer's version guard normally stops stale events first; this is the table's own
    // guard.
    CustomerReplicaStore store = new CustomerReplicaStore();
    UUID id = UUID.randomUUID();
    CustomerState v3 = customer(id, 3, "300.00");
    var login = stack.appLogin(ServiceDatabase.ORDERS);
    try (var sql =
        DSL.using(stack.jdbcUrl(ServiceDatabase.ORDERS), login.user(), login.password())) {
      assertThat(store.upsert(sql, v3)).isTrue();
      assertThat(store.upsert(sql, changed(v3, 2, "Stale", "1.00", null))).isFalse();
      assertThat(store.upsert(sql, v3)).isFalse();
      assertThat(store.upsert(sql, changed(v3, 4, "Newer", "400.00", null))).isTrue();
    }
    assertThat(fixture.replicaVersion(id)).isEqualTo(4);
  }

  private static CustomerState changed(
      CustomerState from, long version, String name, String limit, Instant deletedAt) {
    return new CustomerState(
        from.id(),
        name,
        from.email(),
        from.address(),
        from.postalAddress(),
        new BigDecimal(limit),
        from.reservedCredit(),
        version,
        from.createdAt(),
        from.updatedAt().plusSeconds(version),
        deletedAt);
  }

  private static void assertReplicaEquals(CustomerState expected) {
    CustomerReplicaRecord row =
        fixture
            .sql()
            .selectFrom(CUSTOMER_REPLICA)
            .where(CUSTOMER_REPLICA.ID.eq(expected.id()))
            .fetchSingle();
    CustomerState actual =
        new CustomerState(
            row.getId(),
            row.getName(),
            row.getEmail(),
            row.getAddress(),
            row.getStreet() == null ? null : new PostalAddress(row.getStreet(), row.getCity()),
            row.getCreditLimit(),
            row.getReservedCredit(),
            row.getVersion(),
            row.getCreatedAt().toInstant(),
            row.getUpdatedAt().toInstant(),
            row.getDeletedAt() == null ? null : row.getDeletedAt().toInstant());
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(expected);
  }

  /** The gaps column of the consumer_status view, as operators read it. */
  private static long gapsInStatusView() {
    return fixture
        .sql()
        .select(DSL.field("gaps", Long.class))
        .from("consumer_status")
        .where(DSL.field("consumer").eq(fixture.consumerName()))
        .fetchOptional(0, Long.class)
        .orElse(0L);
  }

  private static long counter(String name) {
    return fixture
        .sql()
        .select(DSL.field("value", Long.class))
        .from("consumer_counter")
        .where(DSL.field("consumer").eq(fixture.consumerName()))
        .and(DSL.field("counter").eq(name))
        .fetchOptional(0, Long.class)
        .orElse(0L);
  }
}
