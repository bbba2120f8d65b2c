-- One digest per customer of exactly what order-app's customer_replica copies, for `bin/outbox
-- verify` and for a comparison by hand on each side (platform V7: digest_summary). The orders
-- database computes the same over customer_replica (its V2__customer_replica_digest.sql): the two
-- expressions must stay the same, column for column.
--
--   aggregate_id       the customer's id as text, ordered byte-wise (COLLATE "C") on both sides
--   aggregate_version  its version, compared on its own (behind, ahead)
--   digest             md5 of a canonical text of the other copied columns: name, email, address,
--                      credit_limit, reserved_credit, created_at, updated_at, deleted_at
--
-- The canonical text is the same for the same data whatever the session (time zone, DateStyle,
-- extra_float_digits) and the column types: a JSON array (jsonb's text output) of text as it is,
-- numbers without trailing fractional zeros (trim_scale: 1500.50 and 1500.5 are one amount),
-- instants as UTC epoch microseconds (a whole number: no zone, no format; extract returns an exact
-- numeric from PostgreSQL 14 on), and null as null. Deleted customers are included: the row stays
-- with deleted_at set, here and in the replica.
CREATE VIEW customer_digest AS
SELECT c.id::text COLLATE "C"                                AS aggregate_id,
       c.version                                             AS aggregate_version,
       md5(jsonb_build_array(
             c.name,
             c.email,
             c.address,
             trim_scale(c.credit_limit),
             trim_scale(c.reserved_credit),
             (extract(epoch FROM c.created_at) * 1000000)::bigint,
             (extract(epoch FROM c.updated_at) * 1000000)::bigint,
             (extract(epoch FROM c.deleted_at) * 1000000)::bigint
           )::text)                                          AS digest
FROM customer c;

-- verify reads the view in batches by id (WHERE aggregate_id > last ORDER BY aggregate_id LIMIT n):
-- V2's customer_state_key_idx, on the same expression, makes each batch a range scan instead of a
-- sort of the whole table.

-- Readable by the app's role (and by the administrator, who runs bin/outbox verify by default).
GRANT SELECT ON customer_digest TO outbox_writer;
