package dev.outbox.client.consume;

import dev.outbox.client.internal.AggregateKey;
import dev.outbox.client.internal.AggregateLock;
import dev.outbox.client.internal.DeadLetterStore;
import dev.outbox.client.trace.ThreadLocalTraceContext;
import dev.outbox.client.trace.TraceParent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
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
  private final PayloadReader reader;
  private final ConsumerState state;
  private final DeadLetterStore deadLetters;
  private final ConsumerMetrics metrics;
  private final AppliedProgress progress;
  private final Clock clock;
  private final ApplySpans spans;

  RecordProcessor(
      String consumer,
      DSLContext dsl,
      Map<String, Registration<?>> registrations,
      PayloadReader reader,
      ConsumerMetrics metrics,
      AppliedProgress progress,
      Clock clock,
      ApplySpans spans) {
    this.consumer = consumer;
    this.dsl = dsl;
    this.registrations = Map.copyOf(registrations);
    this.reader = reader;
    this.state = new ConsumerState(consumer);
    this.deadLetters = new DeadLetterStore(consumer);
    this.metrics = metrics;
    this.progress = progress;
    this.clock = clock;
    this.spans = spans;
  }

  @Override
  public Outcome process(IncomingEvent in) {
    CloudEventHeaders parsed = CloudEventHeaders.parse(in);
    Registration<?> registration = registration(parsed, in);
    ApplySpans.Attempt attempt = spans.start(parsed, in, false);
    CloudEventHeaders headers = attempt.headers();
    Outcome outcome;
    try {
      outcome =
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
    } catch (RuntimeException | Error e) {
      attempt.failed(e);
      throw e;
    }
    attempt.ended(outcome);
    // Committed: from now on the view shows it.
    Instant now = clock.instant();
    if (outcome.applied()) {
      progress.applied(now, headers.time());
      metrics.fresh(headers.freshnessStart(), now);
    }
    recorded(outcome, headers, in, now);
    return outcome;
  }

  /**
   * Re-applies a record from a dead letter in the caller's transaction, which already holds the
   * aggregate's lock. Metrics are counted when it returns, before the caller commits; its freshness
   * is not: how long it waited parked is the dead letter's story, not the flow's.
   */
  Outcome reapply(DSLContext tx, IncomingEvent in) {
    CloudEventHeaders parsed = CloudEventHeaders.parse(in);
    Registration<?> registration = registration(parsed, in);
    ApplySpans.Attempt attempt = spans.start(parsed, in, true);
    Outcome outcome;
    try {
      outcome = apply(tx, attempt.headers(), registration, in);
    } catch (RuntimeException | Error e) {
      attempt.failed(e);
      throw e;
    }
    attempt.ended(outcome);
    recorded(outcome, attempt.headers(), in, clock.instant());
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
    if (outcome == Outcome.PARKED || outcome == Outcome.BLOCKED) {
      spans.parked(in, partial, attempts, error, outcome);
    }
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
    try (ThreadLocalTraceContext.Scope trace =
        ThreadLocalTraceContext.open(TraceParent.parse(headers.traceParent()).orElse(null))) {
      registration.handle(tx, List.of(new ConsumerState.Received(headers, in)), reader);
    }
    state.advance(tx, headers);
    if (verdict == Outcome.APPLIED_AFTER_GAP) {
      state.count(tx, ConsumerState.Counter.GAP);
      logGap(headers, last);
    }
    return verdict;
  }

  private void logGap(CloudEventHeaders headers, OptionalLong last) {
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

  /**
   * Handles records in one database transaction, what {@link #process} does for each, set-wise: the
   * consumer's and the aggregates' locks, the dead letter check, the inbox rows, the version
   * guards, the handlers (consecutive records of one aggregate type in one call) and the new
   * versions commit together or not at all. Records of one partition must come in offset order.
   *
   * @return each record's outcome, in the batch's order
   * @throws RuntimeException the failure of any record, everything rolled back
   */
  @Override
  public List<Outcome> processBatch(List<IncomingEvent> batch) {
    List<ConsumerState.Received> received = new ArrayList<>(batch.size());
    List<ApplySpans.Attempt> attempts = new ArrayList<>(batch.size());
    Map<AggregateKey, Registration<?>> registrationsByAggregate = new HashMap<>();
    List<CloudEventHeaders> parsed = new ArrayList<>(batch.size());
    for (IncomingEvent in : batch) {
      CloudEventHeaders headers = CloudEventHeaders.parse(in);
      registrationsByAggregate.putIfAbsent(key(headers), registration(headers, in));
      parsed.add(headers);
    }
    // Every record read: the spans start only now, so that none is left open by a bad record.
    for (int i = 0; i < batch.size(); i++) {
      ApplySpans.Attempt attempt = spans.start(parsed.get(i), batch.get(i), false);
      attempts.add(attempt);
      received.add(new ConsumerState.Received(attempt.headers(), batch.get(i)));
    }
    BatchVerdicts verdicts;
    try {
      verdicts =
          dsl.transactionResult(
              configuration ->
                  decideAndApply(configuration.dsl(), received, registrationsByAggregate));
    } catch (RuntimeException | Error e) {
      attempts.forEach(attempt -> attempt.failed(e));
      throw e;
    }
    for (int i = 0; i < attempts.size(); i++) {
      attempts.get(i).ended(verdicts.outcomes().get(i));
    }
    Instant now = clock.instant();
    for (int i = 0; i < received.size(); i++) {
      CloudEventHeaders headers = received.get(i).headers();
      Outcome outcome = verdicts.outcomes().get(i);
      if (outcome.applied()) {
        progress.applied(now, headers.time());
        metrics.fresh(headers.freshnessStart(), now);
      }
      if (outcome == Outcome.APPLIED_AFTER_GAP) {
        logGap(headers, verdicts.lastBefore().get(i));
      }
      recorded(outcome, headers, received.get(i).in(), now);
    }
    return verdicts.outcomes();
  }

  private static AggregateKey key(CloudEventHeaders headers) {
    return new AggregateKey(headers.aggregateType(), headers.aggregateId());
  }

  /** The outcomes of a batch, and for each gap the version applied before it. */
  private record BatchVerdicts(List<Outcome> outcomes, Map<Integer, OptionalLong> lastBefore) {}

  private BatchVerdicts decideAndApply(
      DSLContext tx,
      List<ConsumerState.Received> received,
      Map<AggregateKey, Registration<?>> registrationsByAggregate) {
    int n = received.size();
    Outcome[] outcomes = new Outcome[n];
    Map<Integer, OptionalLong> lastBefore = new HashMap<>();
    AggregateLock.lockAll(tx, consumer, registrationsByAggregate.keySet());

    // Aggregates with a parked event: their records wait behind it, as dead letters.
    Map<AggregateKey, Long> roots = deadLetters.openRoots(tx, registrationsByAggregate.keySet());
    // The first record of each event id is the one that counts; a second one in the same batch is
    // a redelivery like any other.
    Map<UUID, Integer> firstOfId = new HashMap<>();
    List<ConsumerState.Received> fresh = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ConsumerState.Received record = received.get(i);
      CloudEventHeaders headers = record.headers();
      Long root = roots.get(key(headers));
      if (root != null) {
        outcomes[i] =
            deadLetters.block(tx, toStore(record.in()), root) ? Outcome.BLOCKED : Outcome.DUPLICATE;
      } else if (firstOfId.putIfAbsent(headers.id(), i) != null) {
        outcomes[i] = Outcome.DUPLICATE;
      } else {
        fresh.add(record);
      }
    }
    Set<UUID> inserted = fresh.isEmpty() ? Set.of() : state.insertNew(tx, fresh);

    Set<AggregateKey> touched = new LinkedHashSet<>();
    for (ConsumerState.Received record : fresh) {
      if (inserted.contains(record.headers().id())) {
        touched.add(key(record.headers()));
      }
    }
    Map<AggregateKey, Long> last =
        touched.isEmpty() ? new HashMap<>() : state.lockLastVersions(tx, touched);

    EnumMap<ConsumerState.Counter, Long> counts = new EnumMap<>(ConsumerState.Counter.class);
    Map<AggregateKey, CloudEventHeaders> newest = new LinkedHashMap<>();
    List<ConsumerState.Received> toApply = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (outcomes[i] != null) {
        if (outcomes[i] == Outcome.DUPLICATE) {
          counts.merge(ConsumerState.Counter.DUPLICATE, 1L, Long::sum);
        }
        continue;
      }
      CloudEventHeaders headers = received.get(i).headers();
      if (!inserted.contains(headers.id())) {
        outcomes[i] = Outcome.DUPLICATE;
        counts.merge(ConsumerState.Counter.DUPLICATE, 1L, Long::sum);
        continue;
      }
      AggregateKey aggregate = key(headers);
      Long previous = last.get(aggregate);
      OptionalLong before = previous == null ? OptionalLong.empty() : OptionalLong.of(previous);
      Outcome verdict = VersionGuard.decide(before, headers.aggregateVersion(), headers.snapshot());
      outcomes[i] = verdict;
      switch (verdict) {
        case STALE -> counts.merge(ConsumerState.Counter.STALE, 1L, Long::sum);
        case SNAPSHOT_SKIPPED ->
            counts.merge(ConsumerState.Counter.SNAPSHOT_SKIPPED, 1L, Long::sum);
        default -> {
          if (verdict == Outcome.APPLIED_AFTER_GAP) {
            counts.merge(ConsumerState.Counter.GAP, 1L, Long::sum);
            lastBefore.put(i, before);
          }
          last.put(aggregate, headers.aggregateVersion());
          newest.put(aggregate, headers);
          toApply.add(received.get(i));
        }
      }
    }
    handleInRuns(tx, toApply, registrationsByAggregate);
    if (!newest.isEmpty()) {
      state.advanceAll(tx, newest.values());
    }
    state.countAll(tx, counts);
    return new BatchVerdicts(List.of(outcomes), lastBefore);
  }

  /** Hands the records over in their order, consecutive ones of one registration in one call. */
  private void handleInRuns(
      DSLContext tx,
      List<ConsumerState.Received> toApply,
      Map<AggregateKey, Registration<?>> registrationsByAggregate) {
    int start = 0;
    while (start < toApply.size()) {
      Registration<?> registration =
          registrationsByAggregate.get(key(toApply.get(start).headers()));
      int end = start + 1;
      while (end < toApply.size()
          && registrationsByAggregate.get(key(toApply.get(end).headers())) == registration) {
        end++;
      }
      registration.handle(tx, toApply.subList(start, end), reader);
      start = end;
    }
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
