package dev.outbox.client.replica;

import dev.outbox.client.consume.EventEnvelope;
import dev.outbox.client.consume.EventHandler;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the platform's backfill events in the consumer's transaction: a request for an aggregate
 * type this database owns starts the backfill that answers it (once, whatever the redeliveries); an
 * answer to a request of this database is recorded. Everything else is someone else's and has no
 * effect here.
 */
final class ReplicaProtocolHandler implements EventHandler<BackfillEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaProtocolHandler.class);

  private final String consumer;

  ReplicaProtocolHandler(String consumer) {
    this.consumer = consumer;
  }

  @Override
  public void handle(DSLContext tx, EventEnvelope<BackfillEvent> envelope) {
    if (envelope.event() instanceof BackfillRequested requested) {
      answer(tx, requested);
    } else if (envelope.event() instanceof BackfillCompleted completed) {
      record(tx, completed);
    }
  }

  private void answer(DSLContext tx, BackfillRequested requested) {
    String[] ids = requested.ids() == null ? null : requested.ids().toArray(String[]::new);
    UUID backfill =
        tx.resultQuery(
                "select backfill_answer(?::uuid, ?, ?::text[], ?)",
                requested.requestId(),
                requested.aggregateType(),
                ids,
                requested.consumer() + "@" + requested.database())
            .fetchOne(0, UUID.class);
    if (backfill != null) {
      LOG.info(
          "{} - backfill {} of {} started for {} ({} of {}, request {})",
          consumer,
          backfill,
          requested.aggregateType(),
          requested.consumer(),
          requested.reason(),
          requested.replica(),
          requested.requestId());
    }
  }

  private void record(DSLContext tx, BackfillCompleted completed) {
    Boolean ours =
        tx.resultQuery(
                "select replica_fill_answered(?::uuid, ?::uuid, ?)",
                completed.requestId(),
                completed.backfillId(),
                completed.emitted())
            .fetchOne(0, Boolean.class);
    if (Boolean.TRUE.equals(ours)) {
      LOG.info(
          "{} - request {} answered: backfill {} emitted {} snapshot(s) of {}",
          consumer,
          completed.requestId(),
          completed.backfillId(),
          completed.emitted(),
          completed.aggregateType());
    }
  }
}
