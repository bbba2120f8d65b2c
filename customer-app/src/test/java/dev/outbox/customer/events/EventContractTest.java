package dev.outbox.customer.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * customer-app's side of the event contracts in {@code contracts/events/}: its customer events are
 * written exactly as the shared examples show, and its copy of order-app's {@code OrderPlaced}
 * reads order-app's example. order-app's EventContractTest reads the same files.
 */
class EventContractTest {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static final EventCatalog<CustomerEvent> CUSTOMER =
      EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class);
  private static final EventCatalog<OrderEvent> ORDER =
      EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class);

  private static final UUID CUSTOMER_ID = UUID.fromString("3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70");
  private static final UUID ORDER_ID = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  private static final UUID REJECTED_ORDER_ID =
      UUID.fromString("1b2c3d4e-5f60-4718-9a0b-c1d2e3f40516");
  private static final Instant CREATED = Instant.parse("2026-11-26T13:00:00.123456Z");

  static Stream<Arguments> customerEvents() {
    CustomerState created =
        new CustomerState(
            CUSTOMER_ID,
            "Ada Lovelace",
            "ada@example.com",
            "12 Analytical Street, London",
            new BigDecimal("1000.00"),
            new BigDecimal("0.00"),
            1,
            CREATED,
            CREATED,
            null);
    return Stream.of(
        Arguments.of("CustomerCreated", new CustomerCreated(created)),
        Arguments.of("CustomerUpdated", new CustomerUpdated(updated(2, "0.00", "13:05:00", null))),
        Arguments.of(
            "CreditReserved",
            new CreditReserved(
                ORDER_ID, new BigDecimal("250.00"), updated(3, "250.00", "13:06:00", null))),
        Arguments.of(
            "CreditRejected",
            new CreditRejected(
                REJECTED_ORDER_ID,
                new BigDecimal("1300.00"),
                "credit limit 1500.50 exceeded: 250.00 reserved, 1300.00 requested",
                updated(4, "250.00", "13:07:00", null))),
        Arguments.of(
            "CustomerDeleted", new CustomerDeleted(updated(5, "250.00", "13:10:00", "13:10:00"))));
  }

  private static CustomerState updated(
      long version, String reserved, String updatedAt, String deletedAt) {
    return new CustomerState(
        CUSTOMER_ID,
        "Ada King",
        "ada.king@example.com",
        "1 Difference Engine Road, London",
        new BigDecimal("1500.50"),
        new BigDecimal(reserved),
        version,
        CREATED,
        Instant.parse("2026-11-26T" + updatedAt + "Z"),
        deletedAt == null ? null : Instant.parse("2026-11-26T" + deletedAt + "Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customerEvents")
  void customer_events_are_written_exactly_as_the_shared_example(String type, CustomerEvent event) {
    JsonNode example = example("customer", type);

    assertThat(example.get("aggregateType").asText()).isEqualTo(CUSTOMER.aggregateType());
    assertThat(CUSTOMER.typeOf(event.getClass())).isEqualTo(example.get("eventType").asText());
    assertThat(CUSTOMER.schemaVersionOf(event.getClass()))
        .isEqualTo(example.get("schemaVersion").asInt());
    assertThat(event.customerId().toString()).isEqualTo(example.get("aggregateId").asText());
    assertThat(event.version()).isEqualTo(example.get("aggregateVersion").asLong());
    assertThat(written(event).equals(example.get("payload")))
        .as("payload of %s written as %s", type, written(event))
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customerEvents")
  void customer_event_examples_read_back_into_the_same_records(String type, CustomerEvent event)
      throws IOException {
    JsonNode example = example("customer", type);

    Object read = JSON.treeToValue(example.get("payload"), CUSTOMER.classOf(type).orElseThrow());

    assertThat(read).isEqualTo(event);
  }

  @Test
  void our_copy_of_OrderPlaced_reads_order_apps_example() throws IOException {
    JsonNode example = example("order", "OrderPlaced");

    assertThat(example.get("aggregateType").asText()).isEqualTo(ORDER.aggregateType());
    Class<? extends OrderEvent> type =
        ORDER.classOf(example.get("eventType").asText()).orElseThrow();
    OrderEvent read = JSON.treeToValue(example.get("payload"), type);

    assertThat(read)
        .isEqualTo(
            new OrderPlaced(
                ORDER_ID,
                CUSTOMER_ID,
                "PENDING",
                new BigDecimal("250.00"),
                List.of(
                    new OrderPlaced.Line("BOOK-001", 2, new BigDecimal("100.00")),
                    new OrderPlaced.Line("PEN-042", 5, new BigDecimal("10.00"))),
                1,
                Instant.parse("2026-11-26T13:05:30.123456Z")));
    // Our copy has every field of the original: nothing is lost reading it.
    assertThat(written(read).equals(example.get("payload"))).isTrue();
  }

  @Test
  void every_event_type_has_an_example_and_every_example_a_type() {
    assertThat(exampleTypes("customer")).isEqualTo(CUSTOMER.eventTypes());
    assertThat(exampleTypes("order")).isEqualTo(ORDER.eventTypes());
  }

  /** The payload as the outbox stores it (the written JSON text), read back as a tree. */
  private static JsonNode written(Object event) {
    try {
      return JSON.readTree(JSON.writeValueAsString(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code contracts/events}, from the build's property or from this module's folder. */
  static Path contracts() {
    String configured = System.getProperty("contracts.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "contracts", "events");
    assertThat(dir).as("shared contract examples").isDirectory();
    return dir;
  }

  private static JsonNode example(String aggregate, String type) {
    try {
      return JSON.readTree(contracts().resolve(aggregate).resolve(type + ".json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> exampleTypes(String aggregate) {
    try (Stream<Path> files = Files.list(contracts().resolve(aggregate))) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> example(aggregate, p.getFileName().toString().replace(".json", "")))
          .map(node -> node.get("eventType").asText())
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
