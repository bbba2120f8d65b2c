-- What a service declares about the data it owns and the copies it keeps, so that the platform can
-- republish state (backfill), reset and refill a copy (rebuild) and compare a copy with its source
-- (verify) without knowing any service's tables. Each service fills these in its own migrations.

-- In the owning service's database: one row per aggregate type whose current state it can
-- republish. state_view has one row per aggregate with the columns
--   aggregate_id text, aggregate_version bigint, event_type text, payload jsonb
-- where payload is exactly what a live state event of that aggregate carries (same contract), and
-- aggregate_version is the version of the aggregate's newest event.
CREATE TABLE state_source (
  aggregate_type text     PRIMARY KEY CHECK (aggregate_type ~ '^[a-z][a-z0-9_.-]*$'),
  state_view     regclass NOT NULL,
  schema_version integer  NOT NULL DEFAULT 1 CHECK (schema_version > 0)
);

-- In the consuming service's database: one row per copy (replica) that a consumer keeps of another
-- service's aggregates.
--   consumer            the consumer that feeds it (inbox.consumer)
--   aggregate_type      the aggregate type it copies (the source's state_source row)
--   source_database     the logical name of the owning service's database (e.g. customers)
--   digest_view         here: one row per aggregate the copy holds, with the columns
--                         aggregate_id text, aggregate_version bigint, digest text
--   source_digest_view  the name of the view with the same columns in the source database, computing
--                       digest from the same replicated columns in the same way
--   reset_function      here: a function without arguments that empties the copy (rebuild calls it)
CREATE TABLE replica (
  name               text         PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_.-]*$'),
  consumer           text         NOT NULL,
  aggregate_type     text         NOT NULL,
  source_database    text         NOT NULL,
  digest_view        regclass     NOT NULL,
  source_digest_view text         NOT NULL,
  reset_function     regprocedure NOT NULL,
  UNIQUE (consumer, aggregate_type)
);

-- The key of a consumer's advisory lock. Every transaction that applies an event for a consumer
-- holds it shared; a rebuild holds it exclusively while it resets the copy, so that no event is
-- applied halfway through a reset.
CREATE FUNCTION consumer_lock_key(p_consumer text)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
AS $$ SELECT hashtextextended('consumer|' || p_consumer, 0) $$;

GRANT SELECT ON state_source, replica TO outbox_writer;
