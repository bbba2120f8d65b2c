package dev.outbox.client.consume;

/** Every test of {@link EventConsumerIT} with batches of one: a transaction per event. */
class OneTransactionPerEventIT extends EventConsumerIT {

  @Override
  protected int batchSize() {
    return 1;
  }
}
