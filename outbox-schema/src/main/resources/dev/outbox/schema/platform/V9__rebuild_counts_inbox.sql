-- A rebuild deletes a consumer's inbox rows of the rebuilt aggregate type; since V9 it adds them to
-- the consumer's inbox_purged counter, as retention does, so that consumer_status keeps
-- received = inbox rows + inbox_purged and its applied figure (received - stale - snapshot_skipped)
-- stays a count of everything the consumer ever applied, across rebuilds.
CREATE OR REPLACE FUNCTION replica_rebuild(p_consumer text)
RETURNS SETOF uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_replica replica%ROWTYPE;
  v_open bigint;
  v_deleted bigint;
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
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    IF v_deleted > 0 THEN
      INSERT INTO consumer_counter AS c (consumer, counter, value)
      VALUES (p_consumer, 'inbox_purged', v_deleted)
      ON CONFLICT (consumer, counter)
      DO UPDATE SET value = c.value + excluded.value, updated_at = now();
    END IF;
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
