package dev.outbox.client.replica;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's side: asks for a fill of each copy that never had one (bootstrap), records when a
 * fill is complete, and reads the copies' state ({@code replica_status}).
 */
final class ReplicaFills {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaFills.class);

  private final String consumer;
  private final DSLContext dsl;

  ReplicaFills(String consumer, DSLContext dsl) {
    this.consumer = consumer;
    this.dsl = dsl;
  }

  /**
   * Asks for a fill of every copy of this consumer that has none, under the consumer's exclusive
   * lock so that two instances starting together ask once.
   *
   * @return the copies it asked for
   */
  List<String> bootstrap() {
    return dsl.transactionResult(
        c -> {
          DSLContext tx = c.dsl();
          tx.fetch("select pg_advisory_xact_lock(consumer_lock_key(?))", consumer);
          List<String> unfilled =
              tx.fetch(
                      "select r.name from replica r where r.consumer = ? and not exists"
                          + " (select 1 from replica_fill f where f.replica = r.name)"
                          + " order by r.name",
                      consumer)
                  .getValues(0, String.class);
          for (String replica : unfilled) {
            UUID request =
                tx.resultQuery("select replica_request_fill(?, 'bootstrap')", replica)
                    .fetchOne(0, UUID.class);
            LOG.info(
                "{} - {} has never been filled: asked its source for a backfill (request {})",
                consumer,
                replica,
                request);
          }
          return unfilled;
        });
  }

  /** Records completed fills; returns how many became complete. */
  int settle() {
    Integer marked = dsl.resultQuery("select replica_fill_settle()").fetchOne(0, Integer.class);
    return marked == null ? 0 : marked;
  }

  /** The copies this consumer keeps, by name. */
  List<ReplicaStatus> statuses() {
    return dsl.fetch(
            "select replica, consumer, aggregate_type, source_database, state, reason, request_id,"
                + " received, expected, requested_at, completed_at"
                + " from replica_status where consumer = ? order by replica",
            consumer)
        .map(ReplicaFills::status);
  }

  private static ReplicaStatus status(Record r) {
    OffsetDateTime requested = r.get("requested_at", OffsetDateTime.class);
    OffsetDateTime completed = r.get("completed_at", OffsetDateTime.class);
    return new ReplicaStatus(
        r.get("replica", String.class),
        r.get("consumer", String.class),
        r.get("aggregate_type", String.class),
        r.get("source_database", String.class),
        r.get("state", String.class),
        r.get("reason", String.class),
        r.get("request_id", UUID.class),
        r.get("received", Long.class),
        r.get("expected", Long.class),
        requested == null ? null : requested.toInstant(),
        completed == null ? null : completed.toInstant());
  }
}
