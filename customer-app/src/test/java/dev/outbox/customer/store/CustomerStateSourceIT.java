package dev.outbox.customer.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.write.Outbox;
import dev.outbox.contracts.JsonSchemaSet;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.customer.credit.CreditCheck;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerDetails;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.customer.domain.CustomerStates;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.events.CustomerSnapshot;
import dev.outbox.customer.events.PostalAddress;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The contract of customer-app's state source ({@code customer_state}, customers V2 and V4): for
 * customers written through customer-app's own code, the view's payload is, as a JSON tree with
 * every number compared by value and scale, exactly what the app's JSON mapper writes for a {@code
 * CustomerSnapshot} of the stored customer, and exactly the state its newest live event carried;
 * its postal address is derived in SQL by the rule of {@link PostalAddress#fromLine}.
 */
@ExtendWith(OutboxStackExtension.class)
class CustomerStateSourceIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static final EventCatalog<CustomerEvent> CATALOG =
      EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class);

  private static final JsonSchemaSet SCHEMAS = CatalogSchemas.fromClasspath(CATALOG);

  private static PGSimpleDataSource dataSource;
  private static CustomerService service;
  private static JooqCustomerTransactions transactions;
  private static CreditCheck credit;
  private static final AtomicReference<Instant> now = new AtomicReference<>();

  @BeforeAll
  static void wire(OutboxStack stack) {
    DbLogin app = stack.appLogin(ServiceDatabase.CUSTOMERS);
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(stack.jdbcUrl(ServiceDatabase.CUSTOMERS));
    dataSource.setUser(app.user());
    dataSource.setPassword(app.password());
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    // Validating as the app does: every state written here also meets its schema.
    Outbox outbox =
        Outbox.builder().register(CATALOG).clock(clock).validateAgainst(SCHEMAS).build();
    DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    transactions = new JooqCustomerTransactions(dsl, outbox);
    service = new CustomerService(transactions, clock, UUID::randomUUID);
    credit = new CreditCheck(clock);
  }

  @Test
  void the_state_source_declares_the_view_and_the_snapshot_event() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT state_view::text, schema_version FROM state_source"
                    + " WHERE aggregate_type = ?")) {
      ps.setString(1, CustomerEvent.AGGREGATE_TYPE);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("customer_state");
        assertThat(rs.getInt(2)).isEqualTo(CATALOG.schemaVersionOf(CustomerSnapshot.class));
      }
    }
  }

  @Test
  void a_customer_with_decimals_unicode_and_nanoseconds_is_its_java_snapshot() throws Exception {
    // The clock has nanoseconds; the app keeps microseconds (what PostgreSQL stores).
    now.set(Instant.parse("2026-11-26T13:00:00.123456789Z"));
    Customer created =
        service.create(
            details(
                "Zoë \uD83D\uDE00 Cafe\u0301 \u5c71\u7530 \"quoted\" back\\slash",
                "Stra\u00dfe 5\nApt 3\t(rear)",
                "1500.50"));

    assertViewIsTheSnapshotAndTheLiveState(created.id());
  }

  @Test
  void every_fraction_of_a_second_is_written_as_the_app_writes_it() throws Exception {
    for (String at :
        new String[] {
          "2026-11-26T13:00:00Z",
          "2026-11-26T13:00:00.120Z",
          "2026-11-26T13:00:00.100000001Z",
          "2026-11-26T13:00:00.000001Z",
          "2026-11-26T13:00:00.000999999Z",
          "2026-11-26T13:00:00.999999Z",
          "1999-12-31T23:59:59.5Z"
        }) {
      now.set(Instant.parse(at));
      Customer created = service.create(details("At " + at, "Street", "0"));
      assertViewIsTheSnapshotAndTheLiveState(created.id());
    }
  }

  @Test
  void an_updated_customer_with_reserved_credit_is_its_java_snapshot() throws Exception {
    now.set(Instant.parse("2026-11-26T13:00:00.5Z"));
    Customer created = service.create(details("Ada", "1 Analytical Street", "999999999999.99"));
    now.set(Instant.parse("2026-11-26T13:05:00.000250Z"));
    service.update(
        created.id(), details("Ada King", "2 Engine Road", "1000.05"), OptionalLong.of(1));
    now.set(Instant.parse("2026-11-26T13:06:00.75Z"));
    credit.decide(transactions, UUID.randomUUID(), created.id(), new BigDecimal("250.25"));

    assertThat(service.find(created.id()).orElseThrow().version()).isEqualTo(3);
    assertViewIsTheSnapshotAndTheLiveState(created.id());
  }

  @Test
  void a_deleted_customer_is_in_the_view_with_its_deletion_time() throws Exception {
    now.set(Instant.parse("2026-11-26T14:00:00.000001Z"));
    Customer created = service.create(details("Leaving", "Gone Street", "10.10"));
    now.set(Instant.parse("2026-11-26T14:10:00.654321987Z"));
    service.delete(created.id(), OptionalLong.empty());

    Customer deleted = service.find(created.id()).orElseThrow();
    assertThat(deleted.deletedAt()).isNotNull();
    JsonNode view = assertViewIsTheSnapshotAndTheLiveState(created.id());
    assertThat(view.get("customer").get("deletedAt").asText())
        .isEqualTo("2026-11-26T14:10:00.654321Z");
  }

  @Test
  void the_postal_address_is_derived_in_sql_by_the_rule_the_app_applies() throws Exception {
    // Each kind of line the rule tells apart (see PostalAddressTest): a comma or none, several,
    // one at either end, spaces, tabs and line breaks around the parts (trimmed) and other spaces
    // (kept), text outside the basic plane, and blank lines.
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
    now.set(Instant.parse("2026-11-26T15:00:00Z"));
    for (String line : lines) {
      Customer created = service.create(details("Postal", line, "1.00"));
      JsonNode view = assertViewIsTheSnapshotAndTheLiveState(created.id());
      assertThat(view.get("customer").get("postalAddress"))
          .as("postalAddress of '%s'", line)
          .isEqualTo(postalJson(line));
    }
  }

  @Test
  void an_address_changed_by_an_update_is_derived_again() throws Exception {
    now.set(Instant.parse("2026-11-26T16:00:00Z"));
    Customer created = service.create(details("Moving", "1 Old Road, Oldtown", "5.00"));
    now.set(Instant.parse("2026-11-26T16:01:00Z"));
    service.update(created.id(), details("Moving", "", "5.00"), OptionalLong.of(1));

    JsonNode view = assertViewIsTheSnapshotAndTheLiveState(created.id());
    assertThat(view.get("customer").get("postalAddress").isNull()).isTrue();
  }

  /**
   * The view's row of the customer: version and event type as declared, payload equal to the Java
   * snapshot of the stored customer and to the state of its newest live outbox event.
   */
  private static JsonNode assertViewIsTheSnapshotAndTheLiveState(UUID id) throws Exception {
    Customer stored = service.find(id).orElseThrow();
    JsonNode java =
        JSON.readTree(JSON.writeValueAsString(new CustomerSnapshot(CustomerStates.of(stored))));
    JsonNode view;
    JsonNode live;
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT aggregate_version, event_type, payload::text FROM customer_state"
                  + " WHERE aggregate_id = ?")) {
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).as("customer %s in the view", id).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(stored.version());
          assertThat(rs.getString(2)).isEqualTo(CATALOG.typeOf(CustomerSnapshot.class));
          view = tree(rs.getString(3));
          assertThat(rs.next()).as("one row per customer").isFalse();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT payload::text FROM outbox WHERE aggregate_type = 'customer'"
                  + " AND aggregate_id = ? AND backfill_id IS NULL"
                  + " ORDER BY aggregate_version DESC LIMIT 1")) {
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          live = tree(rs.getString(1));
        }
      }
    }
    assertThat(view)
        .as("the view's payload against the app's JSON of the snapshot")
        .isEqualTo(java);
    assertThat(
            SCHEMAS.validate(
                new SchemaKey(
                    CATALOG.aggregateType(),
                    CATALOG.typeOf(CustomerSnapshot.class),
                    CATALOG.schemaVersionOf(CustomerSnapshot.class)),
                view))
        .as("the view's payload against the snapshot's schema")
        .isEmpty();
    assertThat(view.get("customer"))
        .as("the view's state against the newest live event's")
        .isEqualTo(live.get("customer"));
    return view;
  }

  /** The postal address the app derives from {@code line}, as its JSON mapper writes it. */
  private static JsonNode postalJson(String line) {
    PostalAddress postal = PostalAddress.fromLine(line);
    return postal == null ? JSON.nullNode() : JSON.valueToTree(postal);
  }

  private static JsonNode tree(String json) throws IOException {
    return JSON.readTree(json);
  }

  private static CustomerDetails details(String name, String address, String limit) {
    return new CustomerDetails(name, "someone@example.com", address, new BigDecimal(limit));
  }
}
