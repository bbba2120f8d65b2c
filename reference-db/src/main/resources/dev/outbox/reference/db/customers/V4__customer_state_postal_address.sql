-- Schema v2 of the customer events: the customer's state carries postalAddress, the one-line
-- address as street and city, derived by one rule (customer-app's PostalAddress.fromLine). A
-- backfill's snapshots must carry what the live v2 events carry, so the state view derives it too,
-- and the state source says that its snapshots are v2. The customer table is unchanged: the postal
-- address is derived from address, never stored.

-- The rule, in SQL: split at the last comma, street before it and city after it, each trimmed of
-- spaces, tabs and line breaks (city null when nothing is left); a line with no comma, or nothing
-- before its last one, is all street with a null city; a blank line has no postal address (null).
-- It MUST stay the same as PostalAddress.fromLine; CustomerStateSourceIT holds the two to each
-- other. Plain SQL, IMMUTABLE: the planner inlines both into the view.

-- The postal address of a line already trimmed; null for an empty line.
CREATE FUNCTION customer_postal_address_of_trimmed(p_line text)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN p_line IS NULL OR p_line = '' THEN NULL
    WHEN strpos(p_line, ',') = 0
      OR btrim(left(p_line, length(p_line) - strpos(reverse(p_line), ',')), E' \t\n\r') = ''
      THEN jsonb_build_object('street', p_line, 'city', NULL::text)
    ELSE jsonb_build_object(
      'street', btrim(left(p_line, length(p_line) - strpos(reverse(p_line), ',')), E' \t\n\r'),
      'city', nullif(btrim(right(p_line, strpos(reverse(p_line), ',') - 1), E' \t\n\r'), ''))
  END
$$;

-- {"street": ..., "city": ...} of an address line, or null when it is blank.
CREATE FUNCTION customer_postal_address(p_address text)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
  SELECT customer_postal_address_of_trimmed(btrim(p_address, E' \t\n\r'))
$$;

-- V2's view with postalAddress after address (a JSON null when the function gives SQL null, as the
-- app writes a null postalAddress). Same columns, so the grant and the index stay.
CREATE OR REPLACE VIEW customer_state AS
SELECT c.id::text  AS aggregate_id,
       c.version   AS aggregate_version,
       'CustomerSnapshot'::text AS event_type,
       jsonb_build_object(
         'customer', jsonb_build_object(
           'id',             c.id,
           'name',           c.name,
           'email',          c.email,
           'address',        c.address,
           'postalAddress',  customer_postal_address(c.address),
           'creditLimit',    c.credit_limit,
           'reservedCredit', c.reserved_credit,
           'version',        c.version,
           'createdAt',      customer_json_instant(c.created_at),
           'updatedAt',      customer_json_instant(c.updated_at),
           'deletedAt',      customer_json_instant(c.deleted_at))) AS payload
FROM customer c;

-- Snapshots are CustomerSnapshot v2 from now on (backfill_step writes this version into each
-- snapshot's outbox row, the ce_schemaversion header of its record).
UPDATE state_source SET schema_version = 2 WHERE aggregate_type = 'customer';
