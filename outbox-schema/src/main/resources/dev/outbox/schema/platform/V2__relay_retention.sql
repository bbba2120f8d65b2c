-- Retention of relayed outbox rows. The relay's role reads the outbox but may not delete from it, so
-- the deletion runs in this function, owned by the schema owner (SECURITY DEFINER), which the relay
-- may only EXECUTE. It deletes at most p_limit rows per call, oldest first, and only rows that the
-- relay of p_slot_name has already passed: rows that occurred before the commit time of the position
-- stored in relay_offset ("ts_usec", Debezium's source offset), and before now() - p_min_age.
-- occurred_at is set by the writing service just before its commit; a transaction that stays open
-- longer than p_min_age could commit a row older than the horizon after it, which is why the age
-- bound is kept as well (days in production).
-- Deleting in small transactions keeps locks short; the deletes are streamed to the relay, which
-- counts them and publishes nothing.
CREATE FUNCTION outbox_purge_relayed(p_slot_name text, p_min_age interval, p_limit integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_relayed_until timestamptz;
  v_deleted bigint;
BEGIN
  IF p_min_age IS NULL OR p_min_age < interval '0' THEN
    RAISE EXCEPTION 'p_min_age must be zero or positive, was %', p_min_age;
  END IF;
  IF p_limit IS NULL OR p_limit < 1 THEN
    RAISE EXCEPTION 'p_limit must be at least 1, was %', p_limit;
  END IF;

  SELECT max(to_timestamp((offset_value ->> 'ts_usec')::numeric / 1000000.0))
    INTO v_relayed_until
    FROM relay_offset
   WHERE slot_name = p_slot_name
     AND offset_value ? 'ts_usec';
  IF v_relayed_until IS NULL THEN
    RETURN 0;  -- this relay has relayed nothing yet: nothing may go
  END IF;

  DELETE FROM outbox
   WHERE id IN (SELECT id
                  FROM outbox
                 WHERE occurred_at < least(now() - p_min_age, v_relayed_until)
                 ORDER BY occurred_at
                 LIMIT p_limit
                   FOR UPDATE SKIP LOCKED);
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN v_deleted;
END;
$$;

REVOKE ALL ON FUNCTION outbox_purge_relayed(text, interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outbox_purge_relayed(text, interval, integer) TO outbox_reader;
