package dev.outbox.order.api;

import static dev.outbox.order.OrderAppFixture.customer;

import dev.outbox.client.support.CloudEventRecords;
import dev.outbox.order.OrderAppFixture;
import dev.outbox.order.events.CustomerCreated;
import dev.outbox.order.events.CustomerUpdated;
import dev.outbox.stack.OutboxStack;
import dev.outbox.testing.DeadLetterApiContract;
import java.util.UUID;

/**
 * The dead-letter admin API of order-app's customer events consumer: a customer event whose payload
 * contradicts its headers is parked; the customer's next event waits behind it and reaches the
 * replica once the first is discarded.
 */
class DeadLettersHttpIT extends DeadLetterApiContract<OrderAppFixture> {

  @Override
  protected OrderAppFixture start(OutboxStack stack, int maxAttempts) {
    return OrderAppFixture.start(stack, maxAttempts);
  }

  /** A CustomerCreated of version 1 whose headers say version 7: it can never apply. */
  @Override
  protected String publishFailingEvent(OrderAppFixture fixture) {
    UUID id = UUID.randomUUID();
    fixture
        .records()
        .send(
            CloudEventRecords.record(
                fixture.customerTopic(),
                "customer",
                id.toString(),
                7,
                new CustomerCreated(customer(id, 1, "1.00"))));
    return id.toString();
  }

  @Override
  protected void publishNextEvent(OrderAppFixture fixture, String customerId) {
    fixture.publish(new CustomerUpdated(customer(UUID.fromString(customerId), 8, "80.00")));
  }

  @Override
  protected boolean nextEventApplied(OrderAppFixture fixture, String customerId) {
    return fixture.replicaVersion(UUID.fromString(customerId)) == 8;
  }

  @Override
  protected String failure() {
    return "but its headers say";
  }

  @Override
  protected String aggregateType() {
    return "customer";
  }

  @Override
  protected String eventType() {
    return "CustomerCreated";
  }
}
