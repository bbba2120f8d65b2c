package dev.outbox.client.write;

/** Work done in one transaction that may append events; throwing rolls everything back. */
@FunctionalInterface
public interface OutboxWork {

  /** Changes rows with {@link OutboxTransaction#dsl()} and appends their events. */
  void run(OutboxTransaction tx);
}
