-- Schema v2 of the customer events: the customer's state carries postalAddress, its address as
-- street and city, which customer-app derives from the one-line address (customers V4). The
-- replica keeps both: null when the customer's address is blank (no postal address), city null
-- when the line names none.
ALTER TABLE customer_replica
  ADD COLUMN street text NULL,
  ADD COLUMN city   text NULL;

-- The digest views (customer_replica_digest, V2, and customers' customer_digest, its V3) are left
-- as they are, and bin/outbox verify compares the same columns as before: street and city are
-- derived from address, which both digests already cover, and the customer table has no such
-- columns to compare them with. (A street or city changed by hand here is therefore not seen by
-- verify; a rebuild writes them again.)

-- order-app's copy of the rule, in SQL, for the rows written before this migration: split at the
-- last comma, street before it and city after it, each trimmed of spaces, tabs and line breaks;
-- a line with no comma, or nothing before its last one, is all street; a blank line has none.
-- It MUST stay the same as order-app's PostalAddress.fromLine (which upcasts v1 events) and as
-- customer-app's (customers V4, the same two functions); CustomerEventVersionsIT holds these to
-- order-app's Java. Plain SQL, IMMUTABLE: the planner inlines them.

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

UPDATE customer_replica
   SET street = customer_postal_address(address) ->> 'street',
       city   = customer_postal_address(address) ->> 'city';
