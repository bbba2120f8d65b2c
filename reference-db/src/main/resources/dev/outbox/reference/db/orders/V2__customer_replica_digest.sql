-- What order-app declares about its copy of customer-app's customers (platform V4's replica table),
-- so that the platform can compare it with its source (bin/outbox verify) and reset it (rebuild).

-- One digest per replicated customer, computed exactly as the customers database's customer_digest
-- (its V3__customer_digest.sql says why each column is written as it is): the two expressions must
-- stay the same, column for column.
CREATE VIEW customer_replica_digest AS
SELECT r.id::text COLLATE "C"                                AS aggregate_id,
       r.version                                             AS aggregate_version,
       md5(jsonb_build_array(
             r.name,
             r.email,
             r.address,
             trim_scale(r.credit_limit),
             trim_scale(r.reserved_credit),
             (extract(epoch FROM r.created_at) * 1000000)::bigint,
             (extract(epoch FROM r.updated_at) * 1000000)::bigint,
             (extract(epoch FROM r.deleted_at) * 1000000)::bigint
           )::text)                                          AS digest
FROM customer_replica r;

-- verify reads the view in batches by id: a range scan per batch.
CREATE INDEX customer_replica_digest_order_idx ON customer_replica ((id::text COLLATE "C"));

-- Empties the replica, for a rebuild (which holds the consumer's advisory lock exclusively while
-- it calls this, so that no event is applied halfway). order_app may not DELETE from the table;
-- this function, owned by the schema owner (SECURITY DEFINER), deletes for it, and nothing else.
-- DELETE rather than TRUNCATE: order-app goes on reading the table (its ACCESS EXCLUSIVE lock would
-- stop every order until the rebuild's transaction ends). Returns how many rows it deleted.
CREATE FUNCTION customer_replica_reset()
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  v_deleted bigint;
BEGIN
  DELETE FROM customer_replica;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN v_deleted;
END;
$$;

REVOKE ALL ON FUNCTION customer_replica_reset() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_replica_reset() TO order_app;

-- The consumer is order-app's default (ORDER_APP_CONSUMER_NAME, OrderAppConfig); a deployment that
-- renames it updates this row.
INSERT INTO replica (name, consumer, aggregate_type, source_database, digest_view,
                     source_digest_view, reset_function)
VALUES ('customer_replica', 'order-app.customer-replica', 'customer', 'customers',
        'customer_replica_digest', 'customer_digest', 'customer_replica_reset()');

-- Readable by the app's role (and by the administrator, who runs bin/outbox verify by default).
GRANT SELECT ON customer_replica_digest TO outbox_writer;
