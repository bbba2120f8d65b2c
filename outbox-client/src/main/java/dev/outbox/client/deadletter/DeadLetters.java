package dev.outbox.client.deadletter;

import static dev.outbox.client.jooq.Tables.DEAD_LETTER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.internal.AggregateLock;
import dev.outbox.client.internal.ErrorText;
import dev.outbox.client.jooq.tables.records.DeadLetterRecord;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters of one consumer. A PARKED event holds back the later events of its aggregate
 * (BLOCKED behind it) until it is replayed or discarded; rows are never deleted, their status says
 * what became of them. Get it from {@link dev.outbox.client.consume.EventConsumer#deadLetters()},
 * which replays with that consumer's handlers; it works whether or not the consumer runs.
 */
public final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  private final DSLContext dsl;
  private final String consumer;
  private final Reapplier reapplier;
  private final ObjectMapper mapper = new ObjectMapper();

  private DeadLetters(DSLContext dsl, String consumer, Reapplier reapplier) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.reapplier = Objects.requireNonNull(reapplier, "reapplier");
  }

  /** The dead letters of a consumer, replayed with {@code reapplier}; used by the consumer. */
  public static DeadLetters create(DSLContext dsl, String consumer, Reapplier reapplier) {
    return new DeadLetters(dsl, consumer, reapplier);
  }

  /** The consumer whose dead letters these are. */
  public String consumer() {
    return consumer;
  }

  /** The PARKED and BLOCKED ones, oldest first. */
  public List<DeadLetter> open() {
    return list(EnumSet.of(DeadLetterStatus.PARKED, DeadLetterStatus.BLOCKED));
  }

  /** Those with one of the statuses, oldest first. */
  public List<DeadLetter> list(Set<DeadLetterStatus> statuses) {
    List<String> names = statuses.stream().map(Enum::name).toList();
    return dsl.selectFrom(DEAD_LETTER)
        .where(DEAD_LETTER.CONSUMER.eq(consumer))
        .and(DEAD_LETTER.STATUS.in(names))
        .orderBy(DEAD_LETTER.ID)
        .fetch(this::toDeadLetter);
  }

  /** One of this consumer's dead letters. */
  public Optional<DeadLetter> find(long id) {
    return dsl.selectFrom(DEAD_LETTER)
        .where(DEAD_LETTER.ID.eq(id))
        .and(DEAD_LETTER.CONSUMER.eq(consumer))
        .fetchOptional(this::toDeadLetter);
  }

  /**
   * Applies a PARKED event again, then the events BLOCKED behind it in the order they arrived, in
   * one transaction (each in a savepoint). Each one applied (or found to be a duplicate or stale)
   * becomes REPLAYED. One that fails permanently becomes the PARKED one, with its error, and the
   * rest stay BLOCKED behind it.
   *
   * @throws IllegalArgumentException when this consumer has no dead letter with that id
   * @throws IllegalStateException when it is not PARKED
   * @throws RuntimeException the transient failure (database away...), with nothing changed
   */
  public ReplayResult replay(long id) {
    return resolve(id, false);
  }

  /**
   * Marks a PARKED event DISCARDED (the row stays) and applies the events BLOCKED behind it, as
   * {@link #replay} does.
   *
   * @throws IllegalArgumentException when this consumer has no dead letter with that id
   * @throws IllegalStateException when it is not PARKED
   * @throws RuntimeException the transient failure (database away...), with nothing changed
   */
  public ReplayResult discard(long id) {
    return resolve(id, true);
  }

  private ReplayResult resolve(long id, boolean discardRoot) {
    ReplayResult result =
        dsl.transactionResult(
            configuration -> {
              DSLContext tx = configuration.dsl();
              DeadLetterRecord root = fetch(tx, id);
              if (root.getAggregateType() != null && root.getAggregateId() != null) {
                AggregateLock.lock(tx, consumer, root.getAggregateType(), root.getAggregateId());
                root = fetch(tx, id); // again, now that nothing else can change it
              }
              if (!DeadLetterStatus.PARKED.name().equals(root.getStatus())) {
                throw new IllegalStateException(
                    "Dead letter " + id + " is " + root.getStatus() + ", not PARKED");
              }
              List<DeadLetterRecord> queue = new ArrayList<>();
              List<Long> resolved = new ArrayList<>();
              if (discardRoot) {
                resolveAs(tx, root.getId(), DeadLetterStatus.DISCARDED);
                resolved.add(root.getId());
              } else {
                queue.add(root);
              }
              queue.addAll(
                  tx.selectFrom(DEAD_LETTER)
                      .where(DEAD_LETTER.BLOCKED_BY.eq(id))
                      .and(DEAD_LETTER.STATUS.eq(DeadLetterStatus.BLOCKED.name()))
                      .orderBy(DEAD_LETTER.ID)
                      .fetch());
              for (int i = 0; i < queue.size(); i++) {
                DeadLetterRecord row = queue.get(i);
                try {
                  DeadLetter letter = toDeadLetter(row);
                  tx.transaction(nested -> reapplier.reapply(nested.dsl(), letter));
                } catch (RuntimeException e) {
                  if (reapplier.isTransient(e)) {
                    throw e;
                  }
                  List<Long> behind =
                      queue.subList(i + 1, queue.size()).stream()
                          .map(DeadLetterRecord::getId)
                          .toList();
                  return new ReplayResult(resolved, Optional.of(parkAgain(tx, row, behind, e)));
                }
                resolveAs(tx, row.getId(), DeadLetterStatus.REPLAYED);
                resolved.add(row.getId());
              }
              return new ReplayResult(resolved, Optional.empty());
            });
    LOG.info(
        "{} - {} dead letter {}: resolved {}{}",
        consumer,
        discardRoot ? "discarded" : "replayed",
        id,
        result.resolved(),
        result.parked().map(p -> ", parked again: " + p).orElse(""));
    return result;
  }

  private DeadLetterRecord fetch(DSLContext tx, long id) {
    DeadLetterRecord row =
        tx.selectFrom(DEAD_LETTER)
            .where(DEAD_LETTER.ID.eq(id))
            .and(DEAD_LETTER.CONSUMER.eq(consumer))
            .forUpdate()
            .fetchOne();
    if (row == null) {
      throw new IllegalArgumentException(
          "Consumer " + consumer + " has no dead letter with id " + id);
    }
    return row;
  }

  private void resolveAs(DSLContext tx, long id, DeadLetterStatus status) {
    tx.update(DEAD_LETTER)
        .set(DEAD_LETTER.STATUS, status.name())
        .set(DEAD_LETTER.RESOLVED_AT, DSL.currentOffsetDateTime())
        .where(DEAD_LETTER.ID.eq(id))
        .execute();
  }

  private DeadLetter parkAgain(
      DSLContext tx, DeadLetterRecord row, List<Long> behind, RuntimeException failure) {
    tx.update(DEAD_LETTER)
        .set(DEAD_LETTER.STATUS, DeadLetterStatus.PARKED.name())
        .setNull(DEAD_LETTER.BLOCKED_BY)
        .set(DEAD_LETTER.ATTEMPTS, DEAD_LETTER.ATTEMPTS.plus(1))
        .set(DEAD_LETTER.ERROR, ErrorText.of(failure))
        .where(DEAD_LETTER.ID.eq(row.getId()))
        .execute();
    if (!behind.isEmpty()) {
      tx.update(DEAD_LETTER)
          .set(DEAD_LETTER.BLOCKED_BY, row.getId())
          .where(DEAD_LETTER.ID.in(behind))
          .execute();
    }
    return toDeadLetter(fetch(tx, row.getId()));
  }

  private DeadLetter toDeadLetter(DeadLetterRecord row) {
    Map<String, String> headers;
    try {
      headers = Map.copyOf(mapper.readValue(row.getHeaders().data(), HEADERS));
    } catch (JsonProcessingException | NullPointerException e) {
      throw new IllegalStateException("Headers of dead letter " + row.getId() + " are not text", e);
    }
    return new DeadLetter(
        row.getId(),
        row.getConsumer(),
        row.getEventId(),
        row.getAggregateType(),
        row.getAggregateId(),
        row.getAggregateVersion(),
        row.getEventType(),
        row.getTopic(),
        row.getKafkaPartition(),
        row.getKafkaOffset(),
        row.getKafkaKey(),
        headers,
        row.getPayload(),
        DeadLetterStatus.valueOf(row.getStatus()),
        row.getAttempts(),
        row.getError(),
        row.getBlockedBy(),
        instant(row.getParkedAt()),
        instant(row.getResolvedAt()));
  }

  private static java.time.Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
