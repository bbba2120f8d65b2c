-- Backfill: an owning service republishes the current state of its aggregates (all of a type, or
-- given ids) through its own outbox, as snapshot events in the same contract as its live state
-- events, so that a consumer can build or rebuild its copy when Kafka and the outbox no longer hold
-- the history. A snapshot is an ordinary outbox row whose backfill_id is set; the relay marks its
-- record with the headers ce_snapshot and ce_backfill (docs/DESIGN.md section 5), and a consumer
-- applies it under its version guard: only when its version is newer than what the copy holds.
--
-- Progress (SQL):  SELECT * FROM backfill_progress;

DO $$
BEGIN
  -- Operators who run backfills (bin/outbox backfill) without owning anything: members may start,
  -- run and cancel backfills through the functions below and read their progress, and nothing else
  -- (no outbox write of their own, no read of the services' tables).
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'outbox_operator') THEN
    CREATE ROLE outbox_operator NOLOGIN;
  END IF;
END
$$;

-- The backfill a snapshot row belongs to; null for every live event.
ALTER TABLE outbox ADD COLUMN backfill_id uuid NULL;

-- A live event's version is unique per aggregate; a snapshot repeats the current version of the
-- aggregate's newest live event, so the rule holds for live rows only. The index keeps the old
-- constraint's name: a violation (SQLSTATE 23505) still names outbox_aggregate_version_unique.
-- Building it takes a SHARE lock on the outbox for the time of the build: the outbox holds only
-- the retention window's rows.
ALTER TABLE outbox DROP CONSTRAINT outbox_aggregate_version_unique;
CREATE UNIQUE INDEX outbox_aggregate_version_unique
  ON outbox (aggregate_type, aggregate_id, aggregate_version)
  WHERE backfill_id IS NULL;

-- At most one snapshot per aggregate per backfill, held by the database itself (the step below
-- already emits each aggregate once); also what counts a backfill's snapshots quickly.
CREATE UNIQUE INDEX outbox_backfill_aggregate_unique
  ON outbox (backfill_id, aggregate_type, aggregate_id)
  WHERE backfill_id IS NOT NULL;

-- One row per backfill: what was asked, by whom, and how far it got. Each step advances
-- resume_after and emitted in the transaction that inserts its snapshots, so the row is the exact
-- progress after a crash at any point.
CREATE TABLE backfill (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  aggregate_type text        NOT NULL,
  -- The aggregate ids asked for, sorted (COLLATE "C") and distinct; null: every aggregate.
  ids            text[]      NULL CHECK (ids IS NULL OR cardinality(ids) > 0),
  -- Of those, the ids the state view did not have when the backfill was started.
  missing_ids    text[]      NULL,
  -- Who asked: 'cli' for bin/outbox backfill, or the name of the consumer that asked for it.
  requested_by   text        NOT NULL CHECK (requested_by <> ''),
  status         text        NOT NULL DEFAULT 'running'
                             CHECK (status IN ('running', 'failed', 'done', 'cancelled')),
  -- The last aggregate id emitted (in COLLATE "C" order); the next step starts after it.
  resume_after   text        COLLATE "C" NULL,
  emitted        bigint      NOT NULL DEFAULT 0 CHECK (emitted >= 0),
  -- The number of aggregates the state view had (of the ids asked for) when it was started.
  expected_total bigint      NOT NULL CHECK (expected_total >= 0),
  steps          integer     NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz NULL,
  -- Why the last step failed (status 'failed'); cleared when a step succeeds again.
  error          text        NULL
);
CREATE INDEX backfill_unfinished_idx ON backfill (aggregate_type, created_at)
  WHERE status IN ('running', 'failed');

CREATE VIEW backfill_progress AS
SELECT b.id                                                           AS backfill_id,
       b.aggregate_type,
       b.requested_by,
       b.status,
       b.emitted,
       b.expected_total,
       CASE WHEN b.expected_total > 0
            THEN round(100.0 * least(b.emitted, b.expected_total) / b.expected_total, 1)
            ELSE 100.0 END                                            AS percent,
       b.resume_after,
       cardinality(b.ids)                                             AS ids_asked,
       cardinality(b.missing_ids)                                     AS ids_not_found,
       b.steps,
       b.created_at,
       b.updated_at,
       b.finished_at,
       coalesce(b.finished_at, b.updated_at) - b.created_at          AS elapsed,
       b.error
FROM backfill b
ORDER BY b.created_at DESC;

-- The state view of an aggregate type, or an error naming the types this database declares.
CREATE FUNCTION backfill_state_view(p_aggregate_type text, OUT state_view regclass,
                                    OUT schema_version integer)
LANGUAGE plpgsql
STABLE
SET search_path = public, pg_temp
AS $$
DECLARE
  v_known text;
BEGIN
  SELECT s.state_view, s.schema_version INTO state_view, schema_version
    FROM state_source s
   WHERE s.aggregate_type = p_aggregate_type;
  IF NOT FOUND THEN
    SELECT coalesce(string_agg(s.aggregate_type, ', ' ORDER BY s.aggregate_type), 'none')
      INTO v_known
      FROM state_source s;
    RAISE EXCEPTION 'no state_source for aggregate type "%" in database %; it declares: %',
      p_aggregate_type, current_database(), v_known
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
END;
$$;

-- Starts a backfill of every aggregate of p_aggregate_type (p_ids null) or of the given ids, and
-- returns its id. It emits nothing: backfill_step does, batch by batch.
--
-- SECURITY DEFINER, owned by the schema owner: the state view and the outbox are read and written
-- as the owner, so that an operator needs no grant on the service's tables or on the outbox, and
-- can make only snapshots, never an arbitrary event. The state view's name comes from state_source,
-- which only the schema owner writes; ids reach the queries as parameters only.
CREATE FUNCTION backfill_start(p_aggregate_type text, p_ids text[], p_requested_by text)
RETURNS uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_view regclass;
  v_ids text[];
  v_total bigint;
  v_missing text[];
  v_id uuid;
BEGIN
  IF p_requested_by IS NULL OR btrim(p_requested_by) = '' THEN
    RAISE EXCEPTION 'p_requested_by must name who asks (cli, or a consumer)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT v.state_view INTO v_view FROM backfill_state_view(p_aggregate_type) v;

  IF p_ids IS NOT NULL THEN
    IF cardinality(p_ids) = 0 THEN
      RAISE EXCEPTION 'p_ids is empty: pass null for every aggregate'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_ids) i WHERE i IS NULL OR i = '') THEN
      RAISE EXCEPTION 'p_ids holds a null or empty id' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_ids := ARRAY(SELECT DISTINCT i COLLATE "C" FROM unnest(p_ids) i ORDER BY 1);
    EXECUTE format('SELECT count(*) FROM %s s WHERE s.aggregate_id = ANY ($1)', v_view)
      INTO v_total USING v_ids;
    EXECUTE format(
      'SELECT coalesce(array_agg(i ORDER BY i COLLATE "C"), ''{}'') FROM unnest($1) i'
      ' WHERE NOT EXISTS (SELECT 1 FROM %s s WHERE s.aggregate_id = i)', v_view)
      INTO v_missing USING v_ids;
  ELSE
    EXECUTE format('SELECT count(*) FROM %s', v_view) INTO v_total;
  END IF;

  INSERT INTO backfill (aggregate_type, ids, missing_ids, requested_by, expected_total)
  VALUES (p_aggregate_type, v_ids, v_missing, btrim(p_requested_by), v_total)
  RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;

-- Emits the next batch of at most p_limit snapshots of a backfill and returns how many it emitted;
-- fewer than p_limit means the backfill is done (status 'done'). Run it in a transaction of its own
-- (one statement in auto-commit): the snapshots, the new resume_after and the new count commit
-- together or not at all, so that a crash at any point loses or repeats nothing and a later call
-- goes on from the stored position. Each aggregate gets exactly one snapshot per backfill.
--
-- Set-based: one INSERT ... SELECT reads the next p_limit rows of the state view after
-- resume_after, in aggregate_id order under COLLATE "C" (deterministic whatever the database's
-- collation), and inserts one outbox row per aggregate: a new event id, the aggregate's current
-- version, the view's event type and payload, state_source's schema version, occurred_at now().
-- For a batch to cost O(p_limit) rather than a scan and sort of the whole view, the state view's
-- table should have an index the keyset can use, e.g. ON customer ((id::text) COLLATE "C").
--
-- No long locks. The state view is read with a plain MVCC snapshot, so live writes to the service's
-- tables go on and are never blocked. The only row locked is this backfill's own row (FOR UPDATE,
-- held for one batch), which serialises two callers of the same backfill: the second waits, then
-- sees the first one's position and emits the batch after it.
--
-- Why a snapshot racing a live update is harmless: the step reads version v of an aggregate while
-- a live transaction commits v+1 (with its own outbox row). The snapshot carries v, the live event
-- v+1, both are published on the aggregate's partition in commit order, and a consumer applies a
-- snapshot only when its version is newer than what it holds: if v+1 came first, the snapshot v is
-- skipped; if the snapshot came first, v+1 follows and is applied. The view never goes backwards,
-- whichever order, and a second backfill has no second effect (its versions are not newer).
CREATE FUNCTION backfill_step(p_backfill uuid, p_limit integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_backfill backfill%ROWTYPE;
  v_view regclass;
  v_schema_version integer;
  v_filter text := '';
  v_emitted integer;
  v_last text;
BEGIN
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 100000 THEN
    RAISE EXCEPTION 'p_limit must be between 1 and 100000, was %', p_limit
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO v_backfill FROM backfill WHERE id = p_backfill FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no backfill %', p_backfill USING ERRCODE = 'no_data_found';
  END IF;
  IF v_backfill.status = 'done' THEN
    RETURN 0;
  END IF;
  IF v_backfill.status = 'cancelled' THEN
    RAISE EXCEPTION 'backfill % was cancelled', p_backfill
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  SELECT v.state_view, v.schema_version INTO v_view, v_schema_version
    FROM backfill_state_view(v_backfill.aggregate_type) v;

  IF v_backfill.ids IS NOT NULL THEN
    v_filter := ' AND s.aggregate_id = ANY ($2)';
  END IF;
  -- '' sorts before every aggregate id (the outbox refuses an empty one).
  EXECUTE format(
    'WITH batch AS ('
    '  SELECT s.aggregate_id, s.aggregate_version, s.event_type, s.payload'
    '    FROM %s s'
    '   WHERE s.aggregate_id COLLATE "C" > $1%s'
    '   ORDER BY s.aggregate_id COLLATE "C"'
    '   LIMIT $3'
    '), emitted AS ('
    '  INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,'
    '                      schema_version, payload, occurred_at, backfill_id)'
    '  SELECT gen_random_uuid(), $4, b.aggregate_id, b.aggregate_version, b.event_type, $5,'
    '         b.payload, now(), $6'
    '    FROM batch b'
    '  RETURNING aggregate_id'
    ')'
    ' SELECT count(*)::integer, max(e.aggregate_id COLLATE "C") FROM emitted e',
    v_view, v_filter)
    INTO v_emitted, v_last
    USING coalesce(v_backfill.resume_after, ''), v_backfill.ids, p_limit,
          v_backfill.aggregate_type, v_schema_version, p_backfill;

  UPDATE backfill
     SET resume_after = coalesce(v_last, resume_after),
         emitted      = emitted + v_emitted,
         steps        = steps + 1,
         status       = CASE WHEN v_emitted < p_limit THEN 'done' ELSE 'running' END,
         finished_at  = CASE WHEN v_emitted < p_limit THEN now() END,
         updated_at   = now(),
         error        = NULL
   WHERE id = p_backfill;
  RETURN v_emitted;
END;
$$;

-- Records why a step failed (the step itself rolled back): status 'failed' until a step succeeds.
CREATE FUNCTION backfill_fail(p_backfill uuid, p_error text)
RETURNS void
LANGUAGE sql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  UPDATE backfill
     SET status = 'failed', error = left(p_error, 2000), updated_at = now()
   WHERE id = p_backfill AND status IN ('running', 'failed');
$$;

-- Gives up on an unfinished backfill (what was emitted stays emitted); nothing resumes it.
CREATE FUNCTION backfill_cancel(p_backfill uuid)
RETURNS void
LANGUAGE sql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  UPDATE backfill
     SET status = 'cancelled', finished_at = now(), updated_at = now()
   WHERE id = p_backfill AND status IN ('running', 'failed');
$$;

REVOKE ALL ON FUNCTION backfill_state_view(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION backfill_start(text, text[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION backfill_step(uuid, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION backfill_fail(uuid, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION backfill_cancel(uuid) FROM PUBLIC;

-- The owning app (its runtime answers a consumer's request for a backfill) and the operators.
GRANT EXECUTE ON FUNCTION backfill_state_view(text), backfill_start(text, text[], text),
  backfill_step(uuid, integer), backfill_fail(uuid, text), backfill_cancel(uuid)
  TO outbox_writer, outbox_operator;
GRANT SELECT ON backfill, backfill_progress, state_source TO outbox_writer, outbox_operator;
