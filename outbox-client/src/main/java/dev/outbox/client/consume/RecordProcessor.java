package dev.outbox.client.consume;

import static dev.outbox.client.jooq.Tables.CONSUMER_AGGREGATE;
import static dev.outbox.client.jooq.Tables.CONSUMER_COUNTER;
import static dev.outbox.client.jooq.Tables.INBOX;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.internal.AggregateLock;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceParent;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record in one database transaction: the aggregate's lock, the dead letter check, the
 * inbox row, the version guard, the handler and the new version all commit together or not at all.
 */
final class RecordProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

  private final String consumer;
  private final DSLContext dsl;
  private final Map<String, Registration<?>> registrations;
  private final ObjectMapper mapper;
  private final Parking parking;
  private final ConsumerMetrics metrics;
  private final Clock clock;

  RecordProcessor(
      String consumer,
      DSLContext dsl,
      Map<String, Registration<?>> registrations,
      ObjectMapper mapper,
      ConsumerMetrics metrics,
      Clock clock) {
    this.consumer = consumer;
    this.dsl = dsl;
    this.registrations = Map.copyOf(registrations);
    this.mapper = mapper;
    this.parking = new Parking(consumer, mapper);
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Handles a live record; its transaction has committed when this returns.
   *
   * @throws RuntimeException the failure, rolled back; {@link Failures} tells whether to retry
   */
  Outcome process(IncomingEvent in) {
    CloudEventHeaders headers = CloudEventHeaders.parse(in);
    Registration<?> registration = registration(headers, in);
    Outcome outcome =
        dsl.transactionResult(
            configuration -> {
              DSLContext tx = configuration.dsl();
              AggregateLock.lock(tx, consumer, headers.aggregateType(), headers.aggregateId());
              Optional<Long> root =
                  parking.parkedRoot(tx, headers.aggregateType(), headers.aggregateId());
              if (root.isPresent()) {
                return parking.block(tx, in, root.get()) ? Outcome.BLOCKED : Outcome.DUPLICATE;
              }
              return apply(tx, headers, registration, in);
            });
    afterCommit(outcome, headers, in);
    return outcome;
  }

  /**
   * Re-applies a record from a dead letter in the caller's transaction, which already holds the
   * aggregate's lock. Metrics are counted when it returns, before the caller commits.
   */
  Outcome reapply(DSLContext tx, IncomingEvent in) {
    CloudEventHeaders headers = CloudEventHeaders.parse(in);
    Outcome outcome = apply(tx, headers, registration(headers, in), in);
    afterCommit(outcome, headers, in);
    return outcome;
  }

  /**
   * Stores a record as a dead letter after its last failed attempt: PARKED with its error, or
   * BLOCKED when its aggregate got a parked event in the meantime.
   */
  Outcome park(IncomingEvent in, int attempts, String error) {
    CloudEventHeaders.Partial partial = CloudEventHeaders.partial(in);
    Outcome outcome =
        dsl.transactionResult(
            configuration -> {
              DSLContext tx = configuration.dsl();
              if (partial.hasAggregate()) {
                AggregateLock.lock(tx, consumer, partial.aggregateType(), partial.aggregateId());
                Optional<Long> root =
                    parking.parkedRoot(tx, partial.aggregateType(), partial.aggregateId());
                if (root.isPresent()) {
                  return parking.block(tx, in, root.get()) ? Outcome.BLOCKED : Outcome.DUPLICATE;
                }
              }
              return parking.park(tx, in, attempts, error) ? Outcome.PARKED : Outcome.DUPLICATE;
            });
    metrics.record(outcome, null, clock.instant());
    if (outcome == Outcome.PARKED) {
      LOG.warn(
          "{} - parked {} ({} {} v{} {}) after {} attempt(s): {}",
          consumer,
          in,
          partial.aggregateType(),
          partial.aggregateId(),
          partial.aggregateVersion(),
          partial.type(),
          attempts,
          error);
    }
    return outcome;
  }

  private Registration<?> registration(CloudEventHeaders headers, IncomingEvent in) {
    Registration<?> registration = registrations.get(headers.aggregateType());
    if (registration == null) {
      throw new PermanentEventException(
          "No handler for aggregate type '"
              + headers.aggregateType()
              + "' (handled: "
              + registrations.keySet()
              + ") in "
              + in);
    }
    return registration;
  }

  private Outcome apply(
      DSLContext tx, CloudEventHeaders headers, Registration<?> registration, IncomingEvent in) {
    int inserted =
        tx.insertInto(INBOX)
            .set(INBOX.CONSUMER, consumer)
            .set(INBOX.EVENT_ID, headers.id())
            .set(INBOX.AGGREGATE_TYPE, headers.aggregateType())
            .set(INBOX.AGGREGATE_ID, headers.aggregateId())
            .set(INBOX.AGGREGATE_VERSION, headers.aggregateVersion())
            .set(INBOX.EVENT_TYPE, headers.type())
            .set(INBOX.TOPIC, in.topic())
            .set(INBOX.KAFKA_PARTITION, in.partition())
            .set(INBOX.KAFKA_OFFSET, in.offset())
            .set(INBOX.OCCURRED_AT, headers.time().atOffset(ZoneOffset.UTC))
            .onConflictDoNothing()
            .execute();
    if (inserted == 0) {
      count(tx, "duplicate");
      return Outcome.DUPLICATE;
    }
    Long last =
        tx.select(CONSUMER_AGGREGATE.LAST_VERSION)
            .from(CONSUMER_AGGREGATE)
            .where(CONSUMER_AGGREGATE.CONSUMER.eq(consumer))
            .and(CONSUMER_AGGREGATE.AGGREGATE_TYPE.eq(headers.aggregateType()))
            .and(CONSUMER_AGGREGATE.AGGREGATE_ID.eq(headers.aggregateId()))
            .forUpdate()
            .fetchOne(CONSUMER_AGGREGATE.LAST_VERSION);
    long version = headers.aggregateVersion();
    if (last != null && version <= last) {
      count(tx, "stale");
      return Outcome.STALE;
    }
    long expected = last == null ? 1 : last + 1;
    // Events the handler appends carry the incoming trace (when its Outbox uses the default).
    ThreadLocalTraceContext.Scope trace =
        ThreadLocalTraceContext.open(TraceParent.parse(headers.traceParent()).orElse(null));
    try {
      registration.handle(tx, headers, in, mapper);
    } finally {
      trace.close();
    }
    tx.insertInto(CONSUMER_AGGREGATE)
        .set(CONSUMER_AGGREGATE.CONSUMER, consumer)
        .set(CONSUMER_AGGREGATE.AGGREGATE_TYPE, headers.aggregateType())
        .set(CONSUMER_AGGREGATE.AGGREGATE_ID, headers.aggregateId())
        .set(CONSUMER_AGGREGATE.LAST_VERSION, version)
        .set(CONSUMER_AGGREGATE.LAST_EVENT_ID, headers.id())
        .onConflict(
            CONSUMER_AGGREGATE.CONSUMER,
            CONSUMER_AGGREGATE.AGGREGATE_TYPE,
            CONSUMER_AGGREGATE.AGGREGATE_ID)
        .doUpdate()
        .set(CONSUMER_AGGREGATE.LAST_VERSION, version)
        .set(CONSUMER_AGGREGATE.LAST_EVENT_ID, headers.id())
        .set(CONSUMER_AGGREGATE.UPDATED_AT, DSL.currentOffsetDateTime())
        .execute();
    if (version > expected) {
      count(tx, "gap");
      LOG.warn(
          "{} - version gap on {} {}: applied v{} {} ({}) but expected v{}",
          consumer,
          headers.aggregateType(),
          headers.aggregateId(),
          version,
          headers.type(),
          headers.id(),
          expected);
      return Outcome.APPLIED_AFTER_GAP;
    }
    return Outcome.APPLIED;
  }

  private void count(DSLContext tx, String counter) {
    tx.insertInto(CONSUMER_COUNTER)
        .set(CONSUMER_COUNTER.CONSUMER, consumer)
        .set(CONSUMER_COUNTER.COUNTER, counter)
        .set(CONSUMER_COUNTER.VALUE, 1L)
        .onConflict(CONSUMER_COUNTER.CONSUMER, CONSUMER_COUNTER.COUNTER)
        .doUpdate()
        .set(CONSUMER_COUNTER.VALUE, CONSUMER_COUNTER.VALUE.plus(1L))
        .set(CONSUMER_COUNTER.UPDATED_AT, DSL.currentOffsetDateTime())
        .execute();
  }

  private void afterCommit(Outcome outcome, CloudEventHeaders headers, IncomingEvent in) {
    metrics.record(outcome, headers.time(), clock.instant());
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} - {} {} {} v{} {} ({})",
          consumer,
          outcome,
          headers.aggregateType(),
          headers.aggregateId(),
          headers.aggregateVersion(),
          headers.type(),
          in);
    }
  }
}
