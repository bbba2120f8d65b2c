package dev.outbox.order.replica;

import static dev.outbox.order.OrderAppFixture.WAIT;
import static dev.outbox.order.store.jooq.Tables.CUSTOMER_REPLICA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.contracts.Compatibility;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.contracts.SchemaViolation;
import dev.outbox.order.OrderAppFixture;
import dev.outbox.order.events.CreditRejected;
import dev.outbox.order.events.CreditReserved;
import dev.outbox.order.events.CustomerCreated;
import dev.outbox.order.events.CustomerDeleted;
import dev.outbox.order.events.CustomerEvent;
import dev.outbox.order.events.CustomerSnapshot;
import dev.outbox.order.events.CustomerState;
import dev.outbox.order.events.CustomerUpdated;
import dev.outbox.order.events.PostalAddress;
import dev.outbox.order.store.jooq.tables.records.CustomerReplicaRecord;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Customer events of several schema versions on one topic, as a rolling deploy of customer-app
 * leaves them: an old build writes v1 (the address as one line only), a new one v2 (with {@code
 * postalAddress}), and the two alternate for the same customers. order-app reads v1 through its
 * upcaster, v2 as it is, a newer v3 tolerantly where the type's rule lets it, and parks what breaks
 * its schema.
 */
@ExtendWith(OutboxStackExtension.class)
class CustomerEventVersionsIT {

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

  /** One customer's address at some version, and the street and city the rule gives for it. */
  private record Address(String line, String street, String city) {}

  @Test
  void v1_and_v2_events_of_the_same_customers_interleaved_leave_the_last_state_in_the_replica() {
    // What each customer's events carry, in version order; the last one is what must remain.
    List<List<Address>> histories =
        List.of(
            List.of(
                new Address("1 Old Road, Oldtown", "1 Old Road", "Oldtown"),
                new Address("Flat 2, 5 High Street, Bath", "Flat 2, 5 High Street", "Bath"),
                new Address("No comma at all", "No comma at all", null),
                new Address("  12 Spaced Road ,  Leeds ", "12 Spaced Road", "Leeds")),
            List.of(
                new Address("", null, null),
                new Address("London,", "London", null),
                new Address("a,,b", "a,", "b"),
                new Address(
                    "Stra\u00dfe 5\nApt 3, M\u00fcnchen", "Stra\u00dfe 5\nApt 3", "M\u00fcnchen")),
            List.of(
                new Address(", Paris", ", Paris", null),
                new Address("9 Last Lane, York", "9 Last Lane", "York"),
                new Address("\t7 Tab Lane\r\n,\nYork\t", "7 Tab Lane", "York"),
                new Address(" \t ", null, null)),
            List.of(
                new Address("3 First Street, Hull", "3 First Street", "Hull"),
                new Address("4 Second Street", "4 Second Street", null),
                new Address("", null, null),
                new Address("5 Third Street, Ely", "5 Third Street", "Ely")));
    List<UUID> ids = new ArrayList<>();
    histories.forEach(history -> ids.add(UUID.randomUUID()));

    // Step by step across the customers, each customer's events in version order. Customers 0 and
    // 2 go v1, v2, v1, v2; customers 1 and 3 v2, v1, v2, v1: two end on each version, and each of
    // the six types is read once as v1 (through the upcaster) and once as v2.
    for (int step = 0; step < 4; step++) {
      for (int c = 0; c < histories.size(); c++) {
        CustomerEvent event = event(step, c, ids.get(c), histories.get(c).get(step).line());
        if ((step + c) % 2 == 0) {
          publishAsV1(event);
        } else {
          fixture.publish(event);
        }
      }
    }

    for (UUID id : ids) {
      fixture.awaitReplicaVersion(id, 4);
    }
    for (int c = 0; c < histories.size(); c++) {
      Address last = histories.get(c).get(3);
      CustomerReplicaRecord row = row(ids.get(c));
      assertThat(row.getAddress()).isEqualTo(last.line());
      assertThat(row.getStreet()).as("street of '%s'", last.line()).isEqualTo(last.street());
      assertThat(row.getCity()).as("city of '%s'", last.line()).isEqualTo(last.city());
      assertThat(row.getVersion()).isEqualTo(4);
      assertThat(row.getDeletedAt() != null).as("deleted").isEqualTo(c >= 2);
    }
    assertThat(deadLettersOf(ids)).as("dead letters of these customers").isZero();
  }

  /**
   * The event of customer {@code c} at {@code step}: CustomerCreated, then by customer a credit
   * decision or a snapshot, a credit decision or an update, an update or the deletion.
   */
  private static CustomerEvent event(int step, int c, UUID id, String address) {
    CustomerState state = state(id, step + 1, address);
    boolean first = c < 2;
    return switch (step) {
      case 0 -> new CustomerCreated(state);
      case 1 ->
          first
              ? new CreditReserved(UUID.randomUUID(), new BigDecimal("1.00"), state)
              : new CustomerSnapshot(state);
      case 2 ->
          first
              ? new CreditRejected(UUID.randomUUID(), new BigDecimal("5000.00"), "over", state)
              : new CustomerUpdated(state);
      default -> first ? new CustomerUpdated(state) : new CustomerDeleted(deleted(state));
    };
  }

  @Test
  void a_v1_event_that_breaks_the_v1_schema_is_parked_with_its_path_and_rule() {
    UUID badEmail = UUID.randomUUID();
    UUID v2Payload = UUID.randomUUID();

    // An old customer-app with a bug: an email the schema's pattern refuses.
    ObjectNode payload = v1Payload(new CustomerCreated(state(badEmail, 1, "1 Road, Town")));
    ((ObjectNode) payload.get("customer")).put("email", "not an email");
    send(badEmail, 1, "CustomerCreated", 1, payload);
    // A v2 payload labelled v1: v1's customer is closed, so postalAddress is refused.
    send(
        v2Payload,
        1,
        "CustomerCreated",
        1,
        JSON.valueToTree(new CustomerCreated(state(v2Payload, 1, "1 Road, Town"))));

    DeadLetter email = awaitParked(badEmail);
    assertThat(email.error())
        .contains("CustomerCreated")
        .contains("customer/CustomerCreated.v1.schema.json")
        .contains("$.customer.email")
        .contains("[pattern]");
    DeadLetter extra = awaitParked(v2Payload);
    assertThat(extra.error())
        .contains("customer/CustomerCreated.v1.schema.json")
        .contains("postalAddress")
        .contains("[additionalProperties]");
    assertThat(fixture.replicaVersion(badEmail)).isZero();
    assertThat(fixture.replicaVersion(v2Payload)).isZero();
  }

  @Test
  void a_v3_event_of_a_full_type_is_read_as_v2_ignoring_what_v2_does_not_know() {
    UUID id = UUID.randomUUID();
    fixture.publish(new CustomerCreated(state(id, 1, "1 Road, Town")));
    fixture.awaitReplicaVersion(id, 1);

    // What a future customer-app might add: a country in the postal address, a list of changes.
    ObjectNode v3 = JSON.valueToTree(new CustomerUpdated(state(id, 2, "2 Avenue, Paris")));
    ((ObjectNode) v3.get("customer").get("postalAddress")).put("country", "FR");
    v3.putArray("changed").add("address");
    send(id, 2, "CustomerUpdated", 3, v3);

    fixture.awaitReplicaVersion(id, 2);
    CustomerReplicaRecord row = row(id);
    assertThat(row.getStreet()).isEqualTo("2 Avenue");
    assertThat(row.getCity()).isEqualTo("Paris");
  }

  @Test
  void a_v3_event_that_breaks_v2_in_more_than_unknown_properties_is_parked() {
    UUID id = UUID.randomUUID();
    // A v3 without address: v2 requires it, so no v2 reader can take this as v2.
    ObjectNode v3 = JSON.valueToTree(new CustomerCreated(state(id, 1, "1 Road, Town")));
    ((ObjectNode) v3.get("customer")).remove("address");
    send(id, 1, "CustomerCreated", 3, v3);

    assertThat(awaitParked(id).error())
        .contains("newer than this consumer's schemas (read as v2)")
        .contains("customer/CustomerCreated.v2.schema.json")
        .contains("[required]");
  }

  @Test
  void a_v3_event_of_a_backward_type_is_parked_naming_the_rule(OutboxStack stack) {
    // The same app, but customer/CustomerUpdated keeps BACKWARD: a v2 reader may not read v3.
    try (OrderAppFixture backward =
        OrderAppFixture.start(
            stack,
            2,
            (orders, customers) ->
                new RuleOverride(
                    CatalogSchemas.fromClasspath(orders, customers),
                    "customer/CustomerUpdated",
                    Compatibility.BACKWARD))) {
      UUID id = UUID.randomUUID();
      // Older versions are still read under BACKWARD: v1 through the upcaster.
      ProducerRecord<String, String> created =
          record(
              backward.customerTopic(),
              id,
              1,
              "CustomerCreated",
              1,
              v1Payload(new CustomerCreated(state(id, 1, "1 Road, Town"))));
      backward.records().send(created);
      backward.awaitReplicaVersion(id, 1);
      ObjectNode v3 = JSON.valueToTree(new CustomerUpdated(state(id, 2, "2 Avenue, Paris")));
      v3.putArray("changed").add("address");
      backward.records().send(record(backward.customerTopic(), id, 2, "CustomerUpdated", 3, v3));

      DeadLetter letter =
          await()
              .atMost(WAIT)
              .until(
                  () -> openLetter(backward, id),
                  found -> found != null && "CustomerUpdated".equals(found.eventType()));
      assertThat(letter.error())
          .contains("v3 is newer than this consumer knows (newest v2)")
          .contains("BACKWARD")
          .contains("deploy the consumer with the v3 schema");
      assertThat(backward.replicaVersion(id)).isEqualTo(1);
    }
  }

  @Test
  void the_replica_migration_derives_street_and_city_by_the_rule_of_the_upcaster() {
    // orders V3 filled street and city of the rows already there with customer_postal_address, in
    // SQL; the upcaster uses PostalAddress.fromLine. The same lines as PostalAddressTest.
    String[] lines = {
      "1 Difference Engine Road, London",
      "No comma at all",
      "Flat 2, 5 High Street, Bath",
      "a,,b",
      "London,",
      "Main Street ,  ",
      "   12 Spaced Road   ,   Leeds   ",
      "\t7 Tab Lane\r\n,\nYork\t",
      "Stra\u00dfe 5\nApt 3, M\u00fcnchen",
      "\uD83D\uDE00 Emoji Way, Cafe\u0301",
      "\u2003Em, Space\u00a0",
      ", Paris",
      " ,",
      ", ,",
      "",
      " ",
      " \t\n\r "
    };
    for (String line : lines) {
      String sql =
          fixture
              .sql()
              .select(DSL.field("customer_postal_address({0})::text", String.class, DSL.val(line)))
              .fetchSingle()
              .value1();
      PostalAddress java = PostalAddress.fromLine(line);
      assertThat(sql == null ? JSON.nullNode() : tree(sql))
          .as("customer_postal_address('%s')", line)
          .isEqualTo(java == null ? JSON.nullNode() : JSON.valueToTree(java));
    }
  }

  /** A customer's state at {@code version}, with the postal address customer-app v2 derives. */
  private static CustomerState state(UUID id, long version, String address) {
    Instant at = Instant.parse("2026-11-26T13:00:00Z").plusSeconds(version);
    return new CustomerState(
        id,
        "Customer " + id.toString().substring(0, 8),
        "c" + version + "@example.com",
        address,
        PostalAddress.fromLine(address),
        new BigDecimal("1000.00"),
        new BigDecimal("0.00"),
        version,
        Instant.parse("2026-11-26T13:00:00Z").truncatedTo(ChronoUnit.MICROS),
        at,
        null);
  }

  private static CustomerState deleted(CustomerState s) {
    return new CustomerState(
        s.id(),
        s.name(),
        s.email(),
        s.address(),
        s.postalAddress(),
        s.creditLimit(),
        s.reservedCredit(),
        s.version(),
        s.createdAt(),
        s.updatedAt(),
        s.updatedAt());
  }

  /** The payload an old customer-app (v1) writes for the same state: no postal address. */
  private static ObjectNode v1Payload(CustomerEvent event) {
    ObjectNode payload = JSON.valueToTree(event);
    ((ObjectNode) payload.get("customer")).remove("postalAddress");
    return payload;
  }

  /** Publishes {@code event} as an old customer-app's relay would: the v1 payload, marked v1. */
  private static void publishAsV1(CustomerEvent event) {
    String type = event.getClass().getSimpleName();
    send(event.customerId(), event.version(), type, 1, v1Payload(event));
  }

  private static void send(UUID id, long version, String type, int schemaVersion, JsonNode value) {
    fixture
        .records()
        .send(record(fixture.customerTopic(), id, version, type, schemaVersion, value));
  }

  /**
   * A record as the relay makes it (headers and key) of any payload and schema version: what
   * CloudEventRecords makes of a record, with the value and {@code ce_type} and {@code
   * ce_schemaversion} replaced.
   */
  private static ProducerRecord<String, String> record(
      String topic, UUID id, long version, String type, int schemaVersion, JsonNode value) {
    ProducerRecord<String, String> template =
        CloudEventRecords.record(
            topic,
            CustomerEvent.AGGREGATE_TYPE,
            id.toString(),
            version,
            new CustomerCreated(state(id, version, "")));
    var record = new ProducerRecord<>(topic, null, id.toString(), value.toString());
    template
        .headers()
        .forEach(
            header -> {
              String replaced =
                  switch (header.key()) {
                    case "ce_type" -> type;
                    case "ce_schemaversion" -> Integer.toString(schemaVersion);
                    default -> null;
                  };
              record
                  .headers()
                  .add(
                      header.key(),
                      replaced == null
                          ? header.value()
                          : replaced.getBytes(StandardCharsets.UTF_8));
            });
    return record;
  }

  private static CustomerReplicaRecord row(UUID id) {
    return fixture
        .sql()
        .selectFrom(CUSTOMER_REPLICA)
        .where(CUSTOMER_REPLICA.ID.eq(id))
        .fetchSingle();
  }

  private static DeadLetter awaitParked(UUID id) {
    return await().atMost(WAIT).until(() -> openLetter(fixture, id), found -> found != null);
  }

  private static DeadLetter openLetter(OrderAppFixture app, UUID id) {
    return app.app().customerConsumer().deadLetters().open().stream()
        .filter(letter -> id.toString().equals(letter.aggregateId()))
        .findFirst()
        .orElse(null);
  }

  /** Dead letters of these customers, in any state. */
  private static int deadLettersOf(List<UUID> ids) {
    return fixture
        .sql()
        .fetchCount(
            DSL.table("dead_letter"),
            DSL.field("consumer")
                .eq(fixture.consumerName())
                .and(DSL.field("aggregate_id").in(ids.stream().map(UUID::toString).toList())));
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The schemas as they are, but one type keeping another compatibility rule. */
  private record RuleOverride(EventSchemas schemas, String typeName, Compatibility rule)
      implements EventSchemas {

    @Override
    public List<SchemaViolation> validate(SchemaKey key, JsonNode payload) {
      return schemas.validate(key, payload);
    }

    @Override
    public boolean knows(SchemaKey key) {
      return schemas.knows(key);
    }

    @Override
    public OptionalInt newestVersion(String aggregateType, String eventType) {
      return schemas.newestVersion(aggregateType, eventType);
    }

    @Override
    public Compatibility ruleOf(String aggregateType, String eventType) {
      return typeName.equals(aggregateType + "/" + eventType)
          ? rule
          : schemas.ruleOf(aggregateType, eventType);
    }
  }
}
