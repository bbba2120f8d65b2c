package dev.outbox.order.events;

import dev.outbox.client.event.EventCatalog;
import dev.outbox.testing.EventContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * order-app's side of the event contracts in {@code contracts/events/}: its {@code OrderPlaced},
 * and its copies of customer-app's customer events, against the shared examples that customer-app's
 * EventContractTest reads too.
 */
class EventContractTest extends EventContract {

  private static final EventCatalog<CustomerEvent> CUSTOMER =
      EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class);
  private static final EventCatalog<OrderEvent> ORDER =
      EventCatalog.of(OrderEvent.AGGREGATE_TYPE, OrderEvent.class);

  private static final UUID CUSTOMER_ID = UUID.fromString("3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70");
  private static final UUID ORDER_ID = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
  private static final UUID REJECTED_ORDER_ID =
      UUID.fromString("1b2c3d4e-5f60-4718-9a0b-c1d2e3f40516");
  private static final Instant CREATED = Instant.parse("2026-11-26T13:00:00.123456Z");

  @Override
  protected List<EventCatalog<?>> catalogs() {
    return List.of(CUSTOMER, ORDER);
  }

  @Override
  protected Stream<Example> examples() {
    CustomerState created =
        new CustomerState(
            CUSTOMER_ID,
            "Ada Lovelace",
            "ada@example.com",
            "12 Analytical Street, London",
            new PostalAddress("12 Analytical Street", "London"),
            new BigDecimal("1000.00"),
            new BigDecimal("0.00"),
            1,
            CREATED,
            CREATED,
            null);
    return Stream.of(
        customer(new CustomerCreated(created)),
        customer(new CustomerUpdated(updated(2, "0.00", "13:05:00", null))),
        customer(
            new CreditReserved(
                ORDER_ID, new BigDecimal("250.00"), updated(3, "250.00", "13:06:00", null))),
        customer(
            new CreditRejected(
                REJECTED_ORDER_ID,
                new BigDecimal("1300.00"),
                "credit limit 1500.50 exceeded: 250.00 reserved, 1300.00 requested",
                updated(4, "250.00", "13:07:00", null))),
        customer(new CustomerDeleted(updated(5, "250.00", "13:10:00", "13:10:00"))),
        // A backfill's snapshot of the customer at version 4: the state of its newest event then.
        customer(new CustomerSnapshot(updated(4, "250.00", "13:07:00", null))),
        new Example(
            ORDER,
            new OrderPlaced(
                ORDER_ID,
                CUSTOMER_ID,
                "PENDING",
                new BigDecimal("250.00"),
                List.of(
                    new OrderPlaced.Line("BOOK-001", 2, new BigDecimal("100.00")),
                    new OrderPlaced.Line("PEN-042", 5, new BigDecimal("10.00"))),
                1,
                Instant.parse("2026-11-26T13:05:30.123456Z")),
            ORDER_ID.toString(),
            1));
  }

  private static Example customer(CustomerEvent event) {
    return new Example(CUSTOMER, event, event.customerId().toString(), event.version());
  }

  private static CustomerState updated(
      long version, String reserved, String updatedAt, String deletedAt) {
    return new CustomerState(
        CUSTOMER_ID,
        "Ada King",
        "ada.king@example.com",
        "1 Difference Engine Road, London",
        new PostalAddress("1 Difference Engine Road", "London"),
        new BigDecimal("1500.50"),
        new BigDecimal(reserved),
        version,
        CREATED,
        Instant.parse("2026-11-26T" + updatedAt + "Z"),
        deletedAt == null ? null : Instant.parse("2026-11-26T" + deletedAt + "Z"));
  }
}
