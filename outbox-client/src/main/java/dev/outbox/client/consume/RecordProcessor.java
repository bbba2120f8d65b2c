package dev.outbox.client.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.internal.AggregateLock;
import dev.outbox.client.internal.DeadLetterStore;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceParent;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record in one database transaction: the aggregate's lock, the dead letter check, the
 * inbox row, the version guard, the handler and the new version all commit together or not at all.
 * The rows are {@link ConsumerState}'s and {@link DeadLetterStore}'s; this class decides.
 */
final class RecordProcessor implements RecordApplier {

  private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

  private final String consumer;
  private final DSLContext dsl;
  private final Map<String, Registration<?>> registrations;
  private final ObjectMapper mapper;
  private final ConsumerState state;
  private final DeadLetterStore deadLetters;
  private final ConsumerMetrics metrics;
  private final AppliedProgress progress;
  private final Clock clock;

  RecordProcessor(
      String consumer,
      DSLContext dsl,
      Map<String, Registration<?>> registrations,
      ObjectMapper mapper,
      ConsumerMetrics metrics,
      AppliedProgress progress,
      Clock clock) {
    this.consumer = consumer;
    this.dsl = dsl;
    this.registrations = Map.copyOf(registrations);
    this.mapper = mapper;
    this.state = new ConsumerState(consumer);
    this.deadLetters = new DeadLetterStore(consumer);
    this.metrics = metrics;
    this.progress = progress;
    this.clock = clock;
  }

  @Override
  public Outcome process(IncomingEvent in) {
    CloudEventHeaders headers = CloudEventHeaders.parse(in);
    Registration<?> registration = registration(headers, in);
    Outcome outcome =
        dsl.transactionResult(
            configuration -> {
              DSLContext tx = configuration.dsl();
              AggregateLock.lock(tx, consumer, headers.aggregateType(), headers.aggregateId());
              Optional<Long> root =
                  deadLetters.openRoot(tx, headers.aggregateType(), headers.aggregateId());
              if (root.isPresent()) {
                return deadLetters.block(tx, toStore(in), root.get())
                    ? Outcome.BLOCKED
                    : Outcome.DUPLICATE;
              }
              return apply(tx, headers, registration, in);
            });
    Instant now = clock.instant();
    if (outcome.applied()) {
      progress.applied(now, headers.time());
    }
    recorded(outcome, headers, in, now);
    return outcome;
  }

  /**
   * Re-applies a record from a dead letter in the caller's transaction, which already holds the
   * aggregate's lock. Metrics are counted when it returns, before the caller commits.
   */
  Outcome reapply(DSLContext tx, IncomingEvent in) {
    CloudEventHeaders headers = CloudEventHeaders.parse(in);
    Outcome outcome = apply(tx, headers, registration(headers, in), in);
    recorded(outcome, headers, in, clock.instant());
    return outcome;
  }

  /**
   * Stores a record as a dead letter after its last failed attempt: PARKED with its error, or
   * BLOCKED when its aggregate got a parked event in the meantime.
   */
  @Override
  public Outcome park(IncomingEvent in, int attempts, String error) {
    CloudEventHeaders.Partial partial = CloudEventHeaders.partial(in);
    DeadLetterStore.NewDeadLetter letter = toStore(in);
    Outcome outcome =
        dsl.transactionResult(
            configuration -> {
              DSLContext tx = configuration.dsl();
              if (partial.hasAggregate()) {
                AggregateLock.lock(tx, consumer, partial.aggregateType(), partial.aggregateId());
                Optional<Long> root =
                    deadLetters.openRoot(tx, partial.aggregateType(), partial.aggregateId());
                if (root.isPresent()) {
                  return deadLetters.block(tx, letter, root.get())
                      ? Outcome.BLOCKED
                      : Outcome.DUPLICATE;
                }
              }
              return deadLetters.park(tx, letter, attempts, error)
                  ? Outcome.PARKED
                  : Outcome.DUPLICATE;
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
              + String.join(", ", new TreeSet<>(registrations.keySet()))
              + ") in "
              + in);
    }
    return registration;
  }

  private Outcome apply(
      DSLContext tx, CloudEventHeaders headers, Registration<?> registration, IncomingEvent in) {
    if (!state.insertIfNew(tx, headers, in)) {
      state.count(tx, ConsumerState.Counter.DUPLICATE);
      return Outcome.DUPLICATE;
    }
    OptionalLong last = state.lockLastVersion(tx, headers.aggregateType(), headers.aggregateId());
    Outcome verdict = VersionGuard.decide(last, headers.aggregateVersion(), headers.snapshot());
    if (verdict == Outcome.STALE) {
      state.count(tx, ConsumerState.Counter.STALE);
      return verdict;
    }
    if (verdict == Outcome.SNAPSHOT_SKIPPED) {
      state.count(tx, ConsumerState.Counter.SNAPSHOT_SKIPPED);
      return verdict;
    }
    // Events the handler appends carry the incoming trace (when its Outbox uses the default).
    ThreadLocalTraceContext.Scope trace =
        ThreadLocalTraceContext.open(TraceParent.parse(headers.traceParent()).orElse(null));
    try {
      registration.handle(tx, headers, in, mapper);
    } finally {
      trace.close();
    }
    state.advance(tx, headers);
    if (verdict == Outcome.APPLIED_AFTER_GAP) {
      state.count(tx, ConsumerState.Counter.GAP);
      LOG.warn(
          "{} - version gap on {} {}: applied v{} {} ({}) but expected v{}",
          consumer,
          headers.aggregateType(),
          headers.aggregateId(),
          headers.aggregateVersion(),
          headers.type(),
          headers.id(),
          VersionGuard.expected(last));
    }
    return verdict;
  }

  private static DeadLetterStore.NewDeadLetter toStore(IncomingEvent in) {
    CloudEventHeaders.Partial partial = CloudEventHeaders.partial(in);
    return new DeadLetterStore.NewDeadLetter(
        in.topic(),
        in.partition(),
        in.offset(),
        in.key(),
        in.headers(),
        in.payload(),
        partial.id(),
        partial.aggregateType(),
        partial.aggregateId(),
        partial.aggregateVersion(),
        partial.type());
  }

  private void recorded(Outcome outcome, CloudEventHeaders headers, IncomingEvent in, Instant now) {
    metrics.record(outcome, headers.time(), now);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} - {} {} {} v{} {}{} ({})",
          consumer,
          outcome,
          headers.aggregateType(),
          headers.aggregateId(),
          headers.aggregateVersion(),
          headers.type(),
          headers.snapshot() ? " snapshot of backfill " + headers.backfillId() : "",
          in);
    }
  }
}
