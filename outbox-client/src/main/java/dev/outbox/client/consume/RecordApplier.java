package dev.outbox.client.consume;

import java.util.List;

/**
 * What the poll loop does with a record or a batch of them, each call in a database transaction of
 * its own: {@link RecordProcessor} in production, a fake in the loop's tests.
 */
interface RecordApplier {

  /**
   * Handles a live record; its transaction has committed when this returns.
   *
   * @throws RuntimeException the failure, rolled back; {@link Failures} tells whether to retry
   */
  Outcome process(IncomingEvent in);

  /**
   * Handles live records together, in one transaction that has committed when this returns.
   *
   * @param batch records in offset order per partition
   * @return each record's outcome, in the batch's order
   * @throws RuntimeException the failure of any of them, all rolled back: the loop then handles
   *     them one by one with {@link #process}
   */
  List<Outcome> processBatch(List<IncomingEvent> batch);

  /**
   * Stores a record as a dead letter after its last failed attempt; committed when this returns.
   *
   * @param attempts the failed attempts
   * @param error the text of the last failure
   * @throws RuntimeException when it could not be stored, rolled back
   */
  Outcome park(IncomingEvent in, int attempts, String error);
}
