package dev.outbox.client.replica;

/**
 * The platform's own events, aggregate type {@value #AGGREGATE_TYPE} (topic {@code
 * outbox.backfill.events}), keyed by the request id: a consumer's service asks the owner of an
 * aggregate type for a backfill, and the owner answers once every snapshot is in its outbox. Both
 * are written by SQL functions of the platform schema (V8), in the writer's transaction; every
 * service's consumer reads them.
 */
public sealed interface BackfillEvent permits BackfillRequested, BackfillCompleted {

  /** The platform aggregate type of these events. */
  String AGGREGATE_TYPE = "outbox.backfill";
}
