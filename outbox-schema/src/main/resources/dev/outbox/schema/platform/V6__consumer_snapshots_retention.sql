-- The consumer's side of backfills (state snapshots) and of bounded consumer tables.
--   SELECT * FROM consumer_tables;          each consumer's inbox and dead letters: rows, oldest, purged
-- A snapshot is a record with the headers ce_snapshot: true and ce_backfill: <backfill id>. It is
-- applied when its version is newer than the consumer's last applied version of the aggregate (or
-- the aggregate is unknown), with no gap counted, and otherwise counted as snapshot_skipped.

-- The backfill a snapshot came from; null for a live event. Counting a consumer's rows of one
-- backfill tells how many distinct snapshots of it the consumer received.
ALTER TABLE inbox ADD COLUMN backfill_id uuid NULL;
CREATE INDEX inbox_backfill_idx ON inbox (consumer, backfill_id) WHERE backfill_id IS NOT NULL;

-- snapshot_skipped: a snapshot not newer than what the consumer applied (received, no effect).
-- inbox_purged: inbox rows deleted by retention, so that received = inbox rows + inbox_purged.
-- Still one row per (consumer, counter): the table does not grow with the events.
ALTER TABLE consumer_counter DROP CONSTRAINT consumer_counter_counter_check;
ALTER TABLE consumer_counter ADD CONSTRAINT consumer_counter_counter_check
  CHECK (counter IN ('duplicate', 'stale', 'gap', 'snapshot_skipped', 'inbox_purged'));

-- Retention of resolved dead letters finds its rows by consumer and resolution time, and a row may
-- go only once nothing refers to it any more (blocked_by).
CREATE INDEX dead_letter_resolved_idx ON dead_letter (consumer, resolved_at)
  WHERE status IN ('REPLAYED', 'DISCARDED');
CREATE INDEX dead_letter_blocked_by_idx ON dead_letter (blocked_by) WHERE blocked_by IS NOT NULL;

-- Deletes at most p_limit of a consumer's inbox rows received before now() - p_min_age, oldest
-- first, and adds them to its inbox_purged counter, in the caller's transaction. Runs with the
-- caller's rights: the app role may delete inbox rows anyway. The consumer runtime calls it in
-- short transactions, one batch each, with a p_min_age it has checked to be longer than anything
-- Kafka and the relay may still redeliver; beyond that, consumer_aggregate (never purged) keeps
-- each aggregate's last applied version, so a redelivery that is no longer in the inbox is stale.
CREATE FUNCTION consumer_purge_inbox(p_consumer text, p_min_age interval, p_limit integer)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
  v_deleted bigint;
BEGIN
  IF p_min_age IS NULL OR p_min_age <= interval '0' THEN
    RAISE EXCEPTION 'p_min_age must be positive, was %', p_min_age;
  END IF;
  IF p_limit IS NULL OR p_limit < 1 THEN
    RAISE EXCEPTION 'p_limit must be at least 1, was %', p_limit;
  END IF;

  DELETE FROM inbox i
   USING (SELECT event_id
            FROM inbox
           WHERE consumer = p_consumer
             AND received_at < now() - p_min_age
           ORDER BY received_at
           LIMIT p_limit
             FOR UPDATE SKIP LOCKED) old
   WHERE i.consumer = p_consumer
     AND i.event_id = old.event_id;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;

  IF v_deleted > 0 THEN
    INSERT INTO consumer_counter AS c (consumer, counter, value)
    VALUES (p_consumer, 'inbox_purged', v_deleted)
    ON CONFLICT (consumer, counter)
    DO UPDATE SET value = c.value + excluded.value, updated_at = now();
  END IF;
  RETURN v_deleted;
END;
$$;

-- Deletes at most p_limit of a consumer's dead letters that were replayed or discarded before
-- now() - p_min_age, and never an open (PARKED or BLOCKED) one. A row that another row still refers
-- to (blocked_by) waits until that row is gone: the referring rows go first, the row they referred
-- to in a later step of the same call (or of a later call). The app role may not delete dead
-- letters, so the deletion runs here, owned by the schema owner (SECURITY DEFINER), which the app
-- role may only EXECUTE.
CREATE FUNCTION consumer_purge_dead_letters(p_consumer text, p_min_age interval, p_limit integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_deleted bigint := 0;
  v_step bigint;
BEGIN
  IF p_min_age IS NULL OR p_min_age <= interval '0' THEN
    RAISE EXCEPTION 'p_min_age must be positive, was %', p_min_age;
  END IF;
  IF p_limit IS NULL OR p_limit < 1 THEN
    RAISE EXCEPTION 'p_limit must be at least 1, was %', p_limit;
  END IF;

  LOOP
    DELETE FROM dead_letter
     WHERE id IN (SELECT d.id
                    FROM dead_letter d
                   WHERE d.consumer = p_consumer
                     AND d.status IN ('REPLAYED', 'DISCARDED')
                     AND d.resolved_at < now() - p_min_age
                     AND NOT EXISTS (SELECT 1 FROM dead_letter r WHERE r.blocked_by = d.id)
                   ORDER BY d.resolved_at, d.id
                   LIMIT p_limit - v_deleted
                     FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS v_step = ROW_COUNT;
    v_deleted := v_deleted + v_step;
    EXIT WHEN v_step = 0 OR v_deleted >= p_limit;
  END LOOP;
  RETURN v_deleted;
END;
$$;

REVOKE ALL ON FUNCTION consumer_purge_inbox(text, interval, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION consumer_purge_dead_letters(text, interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION consumer_purge_inbox(text, interval, integer) TO outbox_writer;
GRANT EXECUTE ON FUNCTION consumer_purge_dead_letters(text, interval, integer) TO outbox_writer;

-- The size of each consumer's tables and their oldest rows: what retention keeps bounded.
-- consumer_aggregate holds one row per aggregate a consumer applied (never purged: it is the version
-- guard), consumer_counter one row per counter.
CREATE VIEW consumer_tables AS
WITH consumers AS (
  SELECT consumer FROM inbox
  UNION SELECT consumer FROM consumer_aggregate
  UNION SELECT consumer FROM consumer_counter
  UNION SELECT consumer FROM dead_letter
), inbox_rows AS (
  SELECT consumer,
         count(*)                                      AS inbox_rows,
         count(*) FILTER (WHERE backfill_id IS NOT NULL) AS snapshot_rows,
         min(received_at)                              AS oldest_received_at
  FROM inbox GROUP BY consumer
), purged AS (
  SELECT consumer, value AS inbox_purged
  FROM consumer_counter WHERE counter = 'inbox_purged'
), aggregates AS (
  SELECT consumer, count(*) AS aggregates
  FROM consumer_aggregate GROUP BY consumer
), letters AS (
  SELECT consumer,
         count(*) FILTER (WHERE status IN ('PARKED', 'BLOCKED'))              AS open_dead_letters,
         min(parked_at) FILTER (WHERE status IN ('PARKED', 'BLOCKED'))        AS oldest_open_parked_at,
         count(*) FILTER (WHERE status IN ('REPLAYED', 'DISCARDED'))          AS resolved_dead_letters,
         min(resolved_at) FILTER (WHERE status IN ('REPLAYED', 'DISCARDED'))  AS oldest_resolved_at
  FROM dead_letter GROUP BY consumer
)
SELECT c.consumer,
       coalesce(i.inbox_rows, 0)             AS inbox_rows,
       coalesce(i.snapshot_rows, 0)          AS inbox_snapshot_rows,
       i.oldest_received_at                  AS inbox_oldest_received_at,
       now() - i.oldest_received_at          AS inbox_oldest_age,
       coalesce(p.inbox_purged, 0)           AS inbox_purged,
       coalesce(a.aggregates, 0)             AS aggregates,
       coalesce(l.open_dead_letters, 0)      AS open_dead_letters,
       l.oldest_open_parked_at               AS oldest_open_parked_at,
       coalesce(l.resolved_dead_letters, 0)  AS resolved_dead_letters,
       l.oldest_resolved_at                  AS oldest_resolved_at,
       now() - l.oldest_resolved_at          AS oldest_resolved_age
FROM consumers c
LEFT JOIN inbox_rows i ON i.consumer = c.consumer
LEFT JOIN purged p ON p.consumer = c.consumer
LEFT JOIN aggregates a ON a.consumer = c.consumer
LEFT JOIN letters l ON l.consumer = c.consumer;

-- consumer_status stays true once the inbox is purged and snapshots are skipped: every unique event
-- received has (or had, before retention) an inbox row, so applied = inbox rows + inbox_purged -
-- stale - snapshot_skipped; last_applied_at falls back to consumer_aggregate when retention has
-- emptied the inbox of an idle consumer. Columns are only appended (CREATE OR REPLACE keeps the
-- grants and every reader of the V3 columns).
CREATE OR REPLACE VIEW consumer_status AS
WITH consumers AS (
  SELECT consumer FROM inbox
  UNION SELECT consumer FROM consumer_counter
  UNION SELECT consumer FROM dead_letter
), received AS (
  SELECT consumer, count(*) AS received, max(received_at) AS last_received_at
  FROM inbox GROUP BY consumer
), counters AS (
  SELECT consumer,
         sum(value) FILTER (WHERE counter = 'duplicate')        AS duplicates,
         sum(value) FILTER (WHERE counter = 'stale')            AS stale,
         sum(value) FILTER (WHERE counter = 'gap')              AS gaps,
         sum(value) FILTER (WHERE counter = 'snapshot_skipped') AS snapshot_skipped,
         sum(value) FILTER (WHERE counter = 'inbox_purged')     AS inbox_purged
  FROM consumer_counter GROUP BY consumer
), parked AS (
  SELECT consumer,
         count(*) FILTER (WHERE status = 'PARKED')  AS parked,
         count(*) FILTER (WHERE status = 'BLOCKED') AS blocked
  FROM dead_letter GROUP BY consumer
), versions AS (
  SELECT consumer, max(updated_at) AS last_advanced_at
  FROM consumer_aggregate GROUP BY consumer
)
SELECT c.consumer,
       coalesce(r.received, 0) + coalesce(k.inbox_purged, 0)
         - coalesce(k.stale, 0) - coalesce(k.snapshot_skipped, 0)       AS applied,
       coalesce(k.duplicates, 0)                                        AS duplicates,
       coalesce(k.stale, 0)                                             AS stale,
       coalesce(k.gaps, 0)                                              AS gaps,
       coalesce(p.parked, 0)                                            AS parked,
       coalesce(p.blocked, 0)                                           AS blocked,
       coalesce(r.last_received_at, v.last_advanced_at)                 AS last_applied_at,
       now() - coalesce(r.last_received_at, v.last_advanced_at)         AS last_applied_age,
       coalesce(k.snapshot_skipped, 0)                                  AS snapshot_skipped,
       coalesce(k.inbox_purged, 0)                                      AS inbox_purged
FROM consumers c
LEFT JOIN received r ON r.consumer = c.consumer
LEFT JOIN counters k ON k.consumer = c.consumer
LEFT JOIN parked p ON p.consumer = c.consumer
LEFT JOIN versions v ON v.consumer = c.consumer;

GRANT SELECT ON consumer_tables TO outbox_writer, outbox_reader;
