package dev.outbox.client.replica;

import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side: runs the backfills that answer other services' requests, one batch per
 * transaction, until none is left. The step that finishes a backfill also writes its answer ({@code
 * backfill_answer_step}). Several instances of a service may run it at once: the step locks its
 * backfill's row, so the second waits and goes on from the first one's position.
 */
final class BackfillResponder {

  private static final Logger LOG = LoggerFactory.getLogger(BackfillResponder.class);

  private final String consumer;
  private final DSLContext dsl;
  private final int batchSize;

  BackfillResponder(String consumer, DSLContext dsl, int batchSize) {
    this.consumer = consumer;
    this.dsl = dsl;
    this.batchSize = batchSize;
  }

  /**
   * Runs every open answering backfill to its end.
   *
   * @return the snapshots emitted
   */
  long runOpen() {
    long emitted = 0;
    for (UUID backfill : open()) {
      emitted += run(backfill);
    }
    return emitted;
  }

  private List<UUID> open() {
    return dsl.fetch(
            "select id from backfill where request_id is not null"
                + " and status in ('running', 'failed') order by created_at")
        .getValues(0, UUID.class);
  }

  private long run(UUID backfill) {
    long emitted = 0;
    long started = System.nanoTime();
    while (true) {
      Integer step;
      try {
        step =
            dsl.transactionResult(
                c ->
                    c.dsl()
                        .resultQuery("select backfill_answer_step(?, ?)", backfill, batchSize)
                        .fetchOne(0, Integer.class));
      } catch (RuntimeException e) {
        dsl.fetchValue("select backfill_fail(?, ?)", backfill, String.valueOf(e.getMessage()));
        throw e;
      }
      emitted += step == null ? 0 : step;
      if (step == null || step < batchSize) {
        break;
      }
    }
    LOG.info(
        "{} - backfill {} answered: {} snapshot(s) in {} ms",
        consumer,
        backfill,
        emitted,
        (System.nanoTime() - started) / 1_000_000);
    return emitted;
  }
}
