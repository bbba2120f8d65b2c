package dev.outbox.customer.api;

import static dev.outbox.customer.store.jooq.Tables.CREDIT_RESERVATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.customer.CustomerAppFixture;
import dev.outbox.customer.events.OrderPlaced;
import dev.outbox.stack.OutboxStack;
import dev.outbox.testing.DeadLetterApiContract;
import dev.outbox.testing.HttpTestClient;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The dead-letter admin API of customer-app's {@code OrderPlaced} consumer: an {@code OrderPlaced}
 * for a customer that customer-app does not know is parked; the order's next event, for a customer
 * it knows, waits behind it and gets its credit decided once the first is discarded.
 */
class DeadLettersHttpIT extends DeadLetterApiContract<CustomerAppFixture> {

  @Override
  protected CustomerAppFixture start(OutboxStack stack, int maxAttempts) {
    return CustomerAppFixture.start(stack, maxAttempts);
  }

  @Override
  protected String publishFailingEvent(CustomerAppFixture fixture) {
    UUID order = UUID.randomUUID();
    publish(fixture, order, UUID.randomUUID(), 1);
    return order.toString();
  }

  @Override
  protected void publishNextEvent(CustomerAppFixture fixture, String order) {
    HttpResponse<String> created =
        fixture.post(
            "/customers",
            "{\"name\":\"Dead Letter\",\"email\":\"dl@example.com\",\"address\":\"x\","
                + "\"creditLimit\":100}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    UUID known = UUID.fromString(HttpTestClient.json(created).get("id").asText());
    publish(fixture, UUID.fromString(order), known, 2);
  }

  @Override
  protected boolean nextEventApplied(CustomerAppFixture fixture, String order) {
    return "RESERVED"
        .equals(
            fixture
                .sql()
                .select(CREDIT_RESERVATION.DECISION)
                .from(CREDIT_RESERVATION)
                .where(CREDIT_RESERVATION.ORDER_ID.eq(UUID.fromString(order)))
                .fetchOptional(CREDIT_RESERVATION.DECISION)
                .orElse(null));
  }

  @Override
  protected String failure() {
    return "which customer-app does not know";
  }

  @Override
  protected String aggregateType() {
    return "order";
  }

  @Override
  protected String eventType() {
    return "OrderPlaced";
  }

  private static void publish(CustomerAppFixture fixture, UUID order, UUID customer, long version) {
    fixture
        .records()
        .send(
            CloudEventRecords.record(
                fixture.orderTopic(),
                "order",
                order.toString(),
                version,
                new OrderPlaced(
                    order,
                    customer,
                    "PENDING",
                    new BigDecimal("5.00"),
                    List.of(new OrderPlaced.Line("SKU-1", 1, new BigDecimal("5.00"))),
                    version,
                    Instant.now())));
  }
}
