-- customer-app's state source: what a backfill republishes for each customer (platform V4 and V5).
-- One row per customer, deleted ones included (a deleted customer keeps its row, with deleted_at),
-- as a CustomerSnapshot event whose payload is exactly what customer-app's live events carry:
-- {"customer": {...}}, the CustomerState record as the app's JSON mapper writes it. The contract
-- test CustomerStateSourceIT holds the two to each other.

-- An instant as Java's Instant.toString() writes it (the app's JSON mapper writes java.time values
-- so): UTC with 'Z', and the fraction only as long as needed in groups of three digits (none, 3
-- or 6; PostgreSQL keeps microseconds and the app truncates its clock to them before storing).
-- Null for null. Plain SQL without SET options, so that the planner inlines it into the view.
CREATE FUNCTION customer_json_instant(p_at timestamptz)
RETURNS text
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
  SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
         || CASE
              WHEN date_part('microseconds', p_at)::bigint % 1000000 = 0 THEN ''
              WHEN date_part('microseconds', p_at)::bigint % 1000 = 0
                THEN to_char(p_at AT TIME ZONE 'UTC', '.MS')
              ELSE to_char(p_at AT TIME ZONE 'UTC', '.US')
            END
         || 'Z'
$$;

-- Keys as CustomerState's components; amounts are numeric(14,2), so jsonb keeps their two decimals
-- (1500.50, 0.00) as the app writes its BigDecimals at scale 2.
CREATE VIEW customer_state AS
SELECT c.id::text  AS aggregate_id,
       c.version   AS aggregate_version,
       'CustomerSnapshot'::text AS event_type,
       jsonb_build_object(
         'customer', jsonb_build_object(
           'id',             c.id,
           'name',           c.name,
           'email',          c.email,
           'address',        c.address,
           'creditLimit',    c.credit_limit,
           'reservedCredit', c.reserved_credit,
           'version',        c.version,
           'createdAt',      customer_json_instant(c.created_at),
           'updatedAt',      customer_json_instant(c.updated_at),
           'deletedAt',      customer_json_instant(c.deleted_at))) AS payload
FROM customer c;

-- The backfill's keyset (aggregate_id COLLATE "C" > last ORDER BY ... LIMIT n) walks this index, so
-- a batch costs its own size instead of a scan and sort of every customer.
CREATE INDEX customer_state_key_idx ON customer ((id::text) COLLATE "C");

INSERT INTO state_source (aggregate_type, state_view, schema_version)
VALUES ('customer', 'customer_state', 1);

GRANT SELECT ON customer_state TO customer_app;
