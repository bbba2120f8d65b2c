-- Filling a copy: bootstrap (a consumer's first start) and rebuild (bin/outbox rebuild).
--   SELECT * FROM replica_status;           each copy kept here: complete or filling, how far
--   SELECT * FROM replica_fill;             every request to fill a copy, and its answer
--
-- The consumer's service asks the owner of the aggregate type for a backfill, and the owner
-- answers, both through their own outboxes, as events of the platform aggregate type
-- 'outbox.backfill' (topic outbox.backfill.events with the default topic pattern), keyed by the
-- request id:
--   BackfillRequested  (version 1, written here by replica_request_fill)
--       {"requestId", "replica", "consumer", "aggregateType", "ids": null, "reason", "database"}
--   BackfillCompleted  (version 2, written by the owner in the transaction of its last step)
--       {"requestId", "backfillId", "aggregateType", "emitted"}
-- Every service's consumer reads the platform topic: the owner (the database with a state_source
-- row for the type) starts a backfill for a request; the requester records the answer. The copy
-- is complete once the consumer has received every snapshot of the answer: the inbox rows of the
-- consumer with that backfill id (one per distinct snapshot, applied or skipped) number as many as
-- the owner emitted. Snapshots and the answer travel on different topics in any order; the count
-- does not care which arrives first.
-- Why Kafka and not a shared database: the owner's and the consumer's databases may live on
-- different servers, and the two services already share exactly one thing, the broker.

-- Owner side: the request a backfill answers, and when its answer was written.
ALTER TABLE backfill ADD COLUMN request_id uuid NULL;
ALTER TABLE backfill ADD COLUMN answered_at timestamptz NULL;
CREATE UNIQUE INDEX backfill_request_unique ON backfill (request_id) WHERE request_id IS NOT NULL;

-- Consumer side: one row per request to fill a copy.
CREATE TABLE replica_fill (
  request_id   uuid        PRIMARY KEY,
  replica      text        NOT NULL REFERENCES replica (name),
  reason       text        NOT NULL CHECK (reason IN ('bootstrap', 'rebuild')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  -- The owner's answer: its backfill and how many snapshots it emitted.
  backfill_id  uuid        NULL,
  expected     bigint      NULL CHECK (expected >= 0),
  answered_at  timestamptz NULL,
  -- When the consumer had received every snapshot of the answer (set by replica_fill_settle).
  completed_at timestamptz NULL
);
CREATE INDEX replica_fill_latest_idx ON replica_fill (replica, requested_at DESC);

-- Each copy and its latest fill. state:
--   unfilled   never filled by a backfill (fed only by live events since its consumer started)
--   requested  asked; the owner has not answered yet
--   filling    answered; the consumer has received `received` of `expected` snapshots
--   complete   every snapshot of the latest fill received
CREATE VIEW replica_status AS
SELECT r.name                                                        AS replica,
       r.consumer,
       r.aggregate_type,
       r.source_database,
       CASE
         WHEN f.request_id IS NULL THEN 'unfilled'
         WHEN f.answered_at IS NULL THEN 'requested'
         WHEN f.completed_at IS NOT NULL OR n.received >= f.expected THEN 'complete'
         ELSE 'filling'
       END                                                           AS state,
       f.reason,
       f.request_id,
       f.backfill_id,
       CASE WHEN f.completed_at IS NOT NULL THEN f.expected
            ELSE coalesce(n.received, 0) END                         AS received,
       f.expected,
       f.requested_at,
       f.answered_at,
       f.completed_at
FROM replica r
LEFT JOIN LATERAL (SELECT * FROM replica_fill x
                    WHERE x.replica = r.name
                    ORDER BY x.requested_at DESC
                    LIMIT 1) f ON true
-- Counted only while the fill is open: every consumer reads this view every second, and a
-- completed fill's count is its expected one (recorded by replica_fill_settle).
LEFT JOIN LATERAL (SELECT count(*) AS received FROM inbox i
                    WHERE i.consumer = r.consumer
                      AND f.backfill_id IS NOT NULL
                      AND f.completed_at IS NULL
                      AND i.backfill_id = f.backfill_id) n ON true;

-- Asks the owner of a copy's aggregate type for a backfill: a replica_fill row and the
-- BackfillRequested event, in the caller's transaction. Returns the request id.
CREATE FUNCTION replica_request_fill(p_replica text, p_reason text)
RETURNS uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_replica replica%ROWTYPE;
  v_request uuid := gen_random_uuid();
BEGIN
  SELECT * INTO v_replica FROM replica WHERE name = p_replica;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no replica "%" in database %', p_replica, current_database()
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO replica_fill (request_id, replica, reason) VALUES (v_request, p_replica, p_reason);
  INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,
                      schema_version, payload, occurred_at)
  VALUES (gen_random_uuid(), 'outbox.backfill', v_request::text, 1, 'BackfillRequested', 1,
          jsonb_build_object('requestId', v_request,
                             'replica', v_replica.name,
                             'consumer', v_replica.consumer,
                             'aggregateType', v_replica.aggregate_type,
                             'ids', NULL,
                             'reason', p_reason,
                             'database', current_database()),
          now());
  RETURN v_request;
END;
$$;

-- Rebuild, step one: empties every copy a consumer keeps and forgets what the consumer applied to
-- them (inbox rows, last versions), then asks for a fill of each; one transaction. It holds the
-- consumer's lock exclusively, so no event is applied halfway through (an event applied after the
-- reset is a live one, newer than the snapshots or skipped by them). Refused while the consumer has
-- open dead letters: a rebuild would hide them. Returns the request ids.
CREATE FUNCTION replica_rebuild(p_consumer text)
RETURNS SETOF uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_replica replica%ROWTYPE;
  v_open bigint;
  v_found boolean := false;
BEGIN
  PERFORM pg_advisory_xact_lock(consumer_lock_key(p_consumer));
  SELECT count(*) INTO v_open FROM dead_letter
   WHERE consumer = p_consumer AND status IN ('PARKED', 'BLOCKED');
  IF v_open > 0 THEN
    RAISE EXCEPTION 'consumer % has % open dead letter(s); replay or discard them first (bin/outbox dlq list)',
      p_consumer, v_open USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  FOR v_replica IN SELECT * FROM replica WHERE consumer = p_consumer ORDER BY name LOOP
    v_found := true;
    EXECUTE format('SELECT %s', v_replica.reset_function);
    DELETE FROM inbox
     WHERE consumer = p_consumer AND aggregate_type = v_replica.aggregate_type;
    DELETE FROM consumer_aggregate
     WHERE consumer = p_consumer AND aggregate_type = v_replica.aggregate_type;
    RETURN NEXT replica_request_fill(v_replica.name, 'rebuild');
  END LOOP;
  IF NOT v_found THEN
    RAISE EXCEPTION 'consumer % keeps no replica in database % (it declares: %)', p_consumer,
      current_database(),
      (SELECT coalesce(string_agg(DISTINCT consumer, ', '), 'none') FROM replica)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
END;
$$;

-- Owner side, on BackfillRequested: starts the backfill that answers a request, once; returns its
-- id, or null when this database does not own the aggregate type (another service does).
CREATE FUNCTION backfill_answer(p_request uuid, p_aggregate_type text, p_ids text[],
                                p_requested_by text)
RETURNS uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_id uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM state_source WHERE aggregate_type = p_aggregate_type) THEN
    RETURN NULL;
  END IF;
  SELECT id INTO v_id FROM backfill WHERE request_id = p_request;
  IF FOUND THEN
    RETURN v_id;
  END IF;
  v_id := backfill_start(p_aggregate_type, p_ids, p_requested_by);
  UPDATE backfill SET request_id = p_request WHERE id = v_id;
  RETURN v_id;
END;
$$;

-- Owner side: one step of a backfill that answers a request; the step that finishes it also writes
-- BackfillCompleted, in the same transaction. Returns what backfill_step returns.
CREATE FUNCTION backfill_answer_step(p_backfill uuid, p_limit integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_emitted integer;
  v_backfill backfill%ROWTYPE;
BEGIN
  v_emitted := backfill_step(p_backfill, p_limit);
  SELECT * INTO v_backfill FROM backfill WHERE id = p_backfill;
  IF v_backfill.status = 'done' AND v_backfill.request_id IS NOT NULL
     AND v_backfill.answered_at IS NULL THEN
    INSERT INTO outbox (id, aggregate_type, aggregate_id, aggregate_version, event_type,
                        schema_version, payload, occurred_at)
    VALUES (gen_random_uuid(), 'outbox.backfill', v_backfill.request_id::text, 2,
            'BackfillCompleted', 1,
            jsonb_build_object('requestId', v_backfill.request_id,
                               'backfillId', v_backfill.id,
                               'aggregateType', v_backfill.aggregate_type,
                               'emitted', v_backfill.emitted),
            now());
    UPDATE backfill SET answered_at = now() WHERE id = p_backfill;
  END IF;
  RETURN v_emitted;
END;
$$;

-- Consumer side, on BackfillCompleted: records the answer to one of this database's requests;
-- false when the request is not from here.
CREATE FUNCTION replica_fill_answered(p_request uuid, p_backfill uuid, p_expected bigint)
RETURNS boolean
LANGUAGE sql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  WITH answered AS (
    UPDATE replica_fill
       SET backfill_id = p_backfill, expected = p_expected, answered_at = now()
     WHERE request_id = p_request AND answered_at IS NULL
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM answered)
      OR EXISTS (SELECT 1 FROM replica_fill WHERE request_id = p_request);
$$;

-- Records completed_at for every answered fill whose snapshots have all been received; returns how
-- many it marked. The consumer runtime calls it while a fill is open; bin/outbox rebuild too.
CREATE FUNCTION replica_fill_settle()
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_marked integer;
BEGIN
  UPDATE replica_fill f
     SET completed_at = now()
    FROM replica r
   WHERE r.name = f.replica
     AND f.answered_at IS NOT NULL
     AND f.completed_at IS NULL
     AND (SELECT count(*) FROM inbox i
           WHERE i.consumer = r.consumer AND i.backfill_id = f.backfill_id) >= f.expected;
  GET DIAGNOSTICS v_marked = ROW_COUNT;
  RETURN v_marked;
END;
$$;

REVOKE ALL ON FUNCTION replica_request_fill(text, text), replica_rebuild(text),
  backfill_answer(uuid, text, text[], text), backfill_answer_step(uuid, integer),
  replica_fill_answered(uuid, uuid, bigint), replica_fill_settle() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION replica_request_fill(text, text), backfill_answer(uuid, text, text[], text),
  backfill_answer_step(uuid, integer), replica_fill_answered(uuid, uuid, bigint),
  replica_fill_settle() TO outbox_writer;
GRANT EXECUTE ON FUNCTION replica_rebuild(text), replica_fill_settle() TO outbox_operator;
GRANT SELECT ON replica_fill, replica_status TO outbox_writer, outbox_operator;
