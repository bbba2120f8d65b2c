package dev.outbox.client.deadletter;

import dev.outbox.client.internal.AggregateLock;
import dev.outbox.client.internal.DeadLetterStore;
import dev.outbox.client.internal.ErrorText;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters of one consumer. A PARKED event holds back the later events of its aggregate
 * (BLOCKED behind it) until it is replayed or discarded; a resolved row keeps saying what became of
 * it until the consumer's housekeeping deletes it after its retention ({@link
 * dev.outbox.client.housekeeping.TableRetention#deadLetterRetention()}). Get it from {@link
 * dev.outbox.client.consume.EventConsumer#deadLetters()}, which replays with that consumer's
 * handlers; it works whether or not the consumer runs.
 */
public final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final DSLContext dsl;
  private final DeadLetterStore store;
  private final Reapplier reapplier;

  private DeadLetters(DSLContext dsl, String consumer, Reapplier reapplier) {
    this.dsl = Objects.requireNonNull(dsl, "dsl");
    this.store = new DeadLetterStore(Objects.requireNonNull(consumer, "consumer"));
    this.reapplier = Objects.requireNonNull(reapplier, "reapplier");
  }

  /** The dead letters of a consumer, replayed with {@code reapplier}; used by the consumer. */
  public static DeadLetters create(DSLContext dsl, String consumer, Reapplier reapplier) {
    return new DeadLetters(dsl, consumer, reapplier);
  }

  /** The consumer whose dead letters these are. */
  public String consumer() {
    return store.consumer();
  }

  /** The PARKED and BLOCKED ones, oldest first. */
  public List<DeadLetter> open() {
    return list(EnumSet.of(DeadLetterStatus.PARKED, DeadLetterStatus.BLOCKED));
  }

  /** Those with one of the statuses, oldest first. */
  public List<DeadLetter> list(Set<DeadLetterStatus> statuses) {
    return store.list(dsl, statuses);
  }

  /** One of this consumer's dead letters. */
  public Optional<DeadLetter> find(long id) {
    return store.find(dsl, id);
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
              // The consumer's lock before any row lock, as every applying transaction takes it.
              AggregateLock.lockConsumer(tx, store.consumer());
              DeadLetter root = store.lock(tx, id);
              if (root.aggregateType() != null && root.aggregateId() != null) {
                AggregateLock.lock(tx, store.consumer(), root.aggregateType(), root.aggregateId());
                root = store.lock(tx, id); // again, now that nothing else can change it
              }
              if (root.status() != DeadLetterStatus.PARKED) {
                throw new IllegalStateException(
                    "Dead letter " + id + " is " + root.status() + ", not PARKED");
              }
              List<DeadLetter> queue = new ArrayList<>();
              List<Long> resolved = new ArrayList<>();
              if (discardRoot) {
                store.resolve(tx, root.id(), DeadLetterStatus.DISCARDED);
                resolved.add(root.id());
              } else {
                queue.add(root);
              }
              queue.addAll(store.blockedBehind(tx, id));
              for (int i = 0; i < queue.size(); i++) {
                DeadLetter letter = queue.get(i);
                try {
                  tx.transaction(nested -> reapplier.reapply(nested.dsl(), letter));
                } catch (RuntimeException e) {
                  if (reapplier.isTransient(e)) {
                    throw e;
                  }
                  List<Long> behind =
                      queue.subList(i + 1, queue.size()).stream().map(DeadLetter::id).toList();
                  DeadLetter parked = store.parkAgain(tx, letter.id(), behind, ErrorText.of(e));
                  return new ReplayResult(resolved, Optional.of(parked));
                }
                store.resolve(tx, letter.id(), DeadLetterStatus.REPLAYED);
                resolved.add(letter.id());
              }
              return new ReplayResult(resolved, Optional.empty());
            });
    LOG.info(
        "{} - {} dead letter {}: resolved {}{}",
        store.consumer(),
        discardRoot ? "discarded" : "replayed",
        id,
        result.resolved(),
        result.parked().map(p -> ", parked again: " + p).orElse(""));
    return result;
  }
}
