-- Comparing a replica with its source by hand, where the two databases are on different servers
-- and no single query sees both. A digest view (declared by each service, see V4's replica table)
-- has one row per aggregate: aggregate_id text, aggregate_version bigint, digest text. These
-- functions summarise one in a few lines that are equal on both sides exactly when the views are,
-- so an operator runs the same query on each server and compares the outputs by eye or with diff:
--
--   source=# SELECT * FROM digest_summary('customer_digest');          -- in customers
--   replica=# SELECT * FROM digest_summary('customer_replica_digest'); -- in orders
--
-- then, for a bucket whose line differs, the rows of that bucket on each side:
--
--   SELECT * FROM digest_bucket('customer_digest', '3f');
--
-- Both read the view in one statement (one snapshot, no lock beyond a plain SELECT); they run with
-- the caller's privileges, so the caller needs SELECT on the view.

-- One line per bucket of aggregates whose id starts with the same p_prefix_length characters
-- (0: one line for the whole view): how many aggregates, the sum of their versions (lower on the
-- replica's side when it is behind) and an md5 over the bucket's rows in byte order of the id.
CREATE FUNCTION digest_summary(p_view regclass, p_prefix_length integer DEFAULT 2)
RETURNS TABLE (bucket text, aggregates bigint, versions numeric, digest text)
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
  IF p_prefix_length IS NULL OR p_prefix_length < 0 THEN
    RAISE EXCEPTION 'p_prefix_length must be zero or positive, was %', p_prefix_length;
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT left(v.aggregate_id, $1) COLLATE "C",'
    ' count(*),'
    ' sum(v.aggregate_version)::numeric,'
    ' md5(string_agg(v.aggregate_id || '' '' || v.aggregate_version || '' '' || v.digest, E''\n'''
    '     ORDER BY v.aggregate_id COLLATE "C"))'
    ' FROM %s v GROUP BY 1 ORDER BY 1',
    p_view)
  USING p_prefix_length;
END;
$$;

-- The rows of one bucket of digest_summary, in byte order of the id: what to compare line by line
-- when a bucket's summary differs.
CREATE FUNCTION digest_bucket(p_view regclass, p_bucket text)
RETURNS TABLE (aggregate_id text, aggregate_version bigint, digest text)
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
  IF p_bucket IS NULL THEN
    RAISE EXCEPTION 'p_bucket must not be null (an empty bucket is the whole view)';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT v.aggregate_id::text, v.aggregate_version::bigint, v.digest::text FROM %s v'
    ' WHERE left(v.aggregate_id, length($1)) = $1'
    ' ORDER BY v.aggregate_id COLLATE "C"',
    p_view)
  USING p_bucket;
END;
$$;
