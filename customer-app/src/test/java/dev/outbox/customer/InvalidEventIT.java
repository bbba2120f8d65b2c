package dev.outbox.customer;

import static dev.outbox.customer.store.jooq.Tables.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.client.event.CatalogSchemas;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.write.InvalidEventException;
import dev.outbox.client.write.Outbox;
import dev.outbox.contracts.JsonSchemaSet;
import dev.outbox.contracts.SchemaDocuments;
import dev.outbox.contracts.SchemaKey;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerDetails;
import dev.outbox.customer.domain.CustomerResult;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.events.OrderEvent;
import dev.outbox.customer.store.JooqCustomerTransactions;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * A write whose event breaks its schema is refused in the transaction that makes it: neither the
 * customer row nor the event is committed, and the HTTP API answers 500 naming the event and the
 * rule (a bug of customer-app, not of the request). No input the API accepts breaks the real
 * schemas, so the app is run here against a stricter copy of them: a customer's name of 10
 * characters at most in CustomerCreated v2 and CustomerUpdated v2.
 */
@ExtendWith(OutboxStackExtension.class)
class InvalidEventIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static final EventCatalog<CustomerEvent> CUSTOMER_EVENTS =
      EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class);
  private static final EventCatalog<OrderEvent> ORDER_EVENTS =
      EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class);
  private static final int MAX_NAME = 10;

  @TempDir static Path schemasDir;

  @Test
  void a_create_or_update_whose_event_breaks_its_schema_commits_nothing(OutboxStack stack)
      throws IOException {
    JsonSchemaSet strict = strictSchemas();
    DSLContext sql = database(stack);
    Outbox outbox = Outbox.builder().register(CUSTOMER_EVENTS).validateAgainst(strict).build();
    JooqCustomerTransactions transactions = new JooqCustomerTransactions(sql, outbox);
    UUID refused = UUID.randomUUID();
    UUID kept = UUID.randomUUID();
    var ids = new java.util.ArrayDeque<>(java.util.List.of(refused, kept));
    CustomerService service = new CustomerService(transactions, Clock.systemUTC(), ids::poll);

    assertThatThrownBy(() -> service.create(details("Far too long a name")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("CustomerCreated v2")
        .hasMessageContaining("customer/CustomerCreated.v2.schema.json")
        .hasMessageContaining("$.customer.name")
        .hasMessageContaining("[maxLength]");
    assertThat(sql.fetchCount(CUSTOMER, CUSTOMER.ID.eq(refused))).isZero();
    assertThat(outboxRows(sql, refused)).isZero();

    Customer created = service.create(details("Short"));
    assertThat(created.id()).isEqualTo(kept);
    assertThatThrownBy(() -> service.update(kept, details("Renamed at length"), OptionalLong.of(1)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("CustomerUpdated v2");
    // The row and the outbox are as the create left them.
    var row = sql.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(kept)).fetchSingle();
    assertThat(row.getName()).isEqualTo("Short");
    assertThat(row.getVersion()).isEqualTo(1);
    assertThat(outboxRows(sql, kept)).isEqualTo(1);
    // And the next valid change goes through as version 2.
    assertThat(service.update(kept, details("Shorter"), OptionalLong.of(1)))
        .isInstanceOf(CustomerResult.Changed.class);
    assertThat(outboxRows(sql, kept)).isEqualTo(2);
  }

  @Test
  void the_http_api_answers_500_naming_the_event_and_the_rule_and_logs_it(OutboxStack stack)
      throws Exception {
    JsonSchemaSet strict = strictSchemas();
    Logger router = (Logger) LoggerFactory.getLogger("dev.outbox.service.http.Router");
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    router.addAppender(log);
    String name = "Too long " + UUID.randomUUID().toString().substring(0, 8);
    try (CustomerAppFixture fixture =
        CustomerAppFixture.start(stack, 2, (customers, orders) -> strict)) {
      HttpResponse<String> response =
          fixture.post(
              "/customers",
              JSON.writeValueAsString(
                  Map.of(
                      "name",
                      name,
                      "email",
                      "long@example.com",
                      "address",
                      "1 Road, Town",
                      "creditLimit",
                      10)));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      String error = JSON.readTree(response.body()).get("error").asText();
      assertThat(error)
          .contains("CustomerCreated v2")
          .contains("customer/CustomerCreated.v2.schema.json")
          .contains("$.customer.name")
          .contains("[maxLength]")
          .contains("nothing was written")
          .doesNotContain(name)
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
      assertThat(fixture.sql().fetchCount(DSL.table("customer"), DSL.field("name").eq(name)))
          .isZero();
      assertThat(
              fixture
                  .sql()
                  .fetchCount(
                      DSL.table("outbox"),
                      DSL.condition("payload -> 'customer' ->> 'name' = {0}", name)))
          .isZero();
      // The operator's side: the same text at ERROR, with the stack trace.
      assertThat(log.list)
          .anySatisfy(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage())
                    .contains("POST /customers")
                    .contains("customer/CustomerCreated.v2.schema.json")
                    .contains("$.customer.name");
                assertThat(event.getThrowableProxy()).isNotNull();
              });

      // A valid request still works.
      HttpResponse<String> valid =
          fixture.post(
              "/customers",
              "{\"name\":\"Short\",\"email\":\"s@example.com\",\"address\":\"\",\"creditLimit\":1}");
      assertThat(valid.statusCode()).as(valid.body()).isEqualTo(201);
    } finally {
      router.detachAppender(log);
    }
  }

  /**
   * The schemas on the class path, written to a folder with the name's maxLength lowered in the
   * current version of CustomerCreated and CustomerUpdated, and compiled from there.
   */
  private static JsonSchemaSet strictSchemas() throws IOException {
    SchemaDocuments documents =
        CatalogSchemas.fromClasspath(CUSTOMER_EVENTS, ORDER_EVENTS).documents();
    for (Map.Entry<SchemaKey, JsonNode> entry : documents.schemas().entrySet()) {
      SchemaKey key = entry.getKey();
      JsonNode schema = entry.getValue().deepCopy();
      boolean current =
          key.aggregateType().equals(CustomerEvent.AGGREGATE_TYPE)
              && key.version() == 2
              && (key.eventType().equals("CustomerCreated")
                  || key.eventType().equals("CustomerUpdated"));
      if (current) {
        ObjectNode name = (ObjectNode) schema.at("/$defs/customer/properties/name");
        assertThat(name.isMissingNode()).isFalse();
        name.put("maxLength", MAX_NAME);
      }
      Path file = schemasDir.resolve(key.path());
      Files.createDirectories(file.getParent());
      Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(schema));
    }
    return JsonSchemaSet.of(SchemaDocuments.fromDirectory(schemasDir));
  }

  private static DSLContext database(OutboxStack stack) {
    DbLogin login = stack.appLogin(ServiceDatabase.CUSTOMERS);
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(stack.jdbcUrl(ServiceDatabase.CUSTOMERS));
    dataSource.setUser(login.user());
    dataSource.setPassword(login.password());
    return DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  private static int outboxRows(DSLContext sql, UUID id) {
    return sql.fetchCount(
        DSL.table("outbox"),
        DSL.field("aggregate_type")
            .eq(CustomerEvent.AGGREGATE_TYPE)
            .and(DSL.field("aggregate_id").eq(id.toString())));
  }

  private static CustomerDetails details(String name) {
    return new CustomerDetails(
        name, "someone@example.com", "1 Road, Town", new BigDecimal("10.00"));
  }
}
