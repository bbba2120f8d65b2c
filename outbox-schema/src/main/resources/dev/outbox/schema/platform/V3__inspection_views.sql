-- Inspection: what an operator asks of a service database, answered with plain SQL.
--   SELECT * FROM outbox_recent;            the newest events written here
--   SELECT * FROM outbox_rates;             events per type over the last minute, 5 minutes, hour
--   SELECT * FROM relay_status;             the relay's slot: active, lag, WAL retained, heartbeat, position
--   SELECT * FROM consumer_status;          each consumer of this database: applied, duplicates, last applied
--   SELECT * FROM dead_letter_open;         parked events with their errors, and what waits behind them
--   SELECT * FROM event_trail('<event id>'); where one event was written and who applied it here

CREATE VIEW outbox_recent AS
SELECT id AS event_id,
       aggregate_type,
       aggregate_id,
       aggregate_version,
       event_type,
       schema_version,
       occurred_at,
       trace_parent
FROM outbox
ORDER BY occurred_at DESC, aggregate_version DESC
LIMIT 50;

CREATE VIEW outbox_rates AS
SELECT aggregate_type,
       event_type,
       count(*) FILTER (WHERE occurred_at > now() - interval '1 minute')  AS last_minute,
       count(*) FILTER (WHERE occurred_at > now() - interval '5 minutes') AS last_5_minutes,
       count(*) FILTER (WHERE occurred_at > now() - interval '1 hour')    AS last_hour,
       count(*)                                                           AS retained,
       max(occurred_at)                                                   AS newest
FROM outbox
GROUP BY aggregate_type, event_type;

-- The relay's stored position is Debezium's source offset: "lsn" is the WAL position of the last
-- event it published (and Kafka acknowledged), "ts_usec" that event's commit time.
CREATE VIEW relay_position AS
SELECT slot_name,
       ('0/0'::pg_lsn + (offset_value ->> 'lsn')::numeric)               AS stored_lsn,
       to_timestamp((offset_value ->> 'ts_usec')::numeric / 1000000.0)   AS last_relayed_commit_at,
       updated_at                                                        AS stored_at,
       offset_value
FROM relay_offset
WHERE offset_value ? 'lsn';

CREATE VIEW relay_status AS
SELECT s.slot_name,
       s.active,
       s.active_pid,
       s.wal_status,
       s.confirmed_flush_lsn,
       pg_current_wal_lsn()                                                     AS current_lsn,
       pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::bigint     AS lag_bytes,
       pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint             AS wal_retained_bytes,
       -- Outbox rows newer than the last relayed commit are not on Kafka yet (occurred_at is set
       -- just before commit, so this is a close lower bound of the time lag).
       (SELECT min(o.occurred_at) FROM outbox o
         WHERE p.last_relayed_commit_at IS NULL OR o.occurred_at > p.last_relayed_commit_at)
                                                                                AS oldest_unrelayed_at,
       now() - (SELECT min(o.occurred_at) FROM outbox o
         WHERE p.last_relayed_commit_at IS NULL OR o.occurred_at > p.last_relayed_commit_at)
                                                                                AS lag_time,
       p.stored_lsn,
       p.last_relayed_commit_at,
       p.stored_at,
       h.beat_at                                                                AS last_heartbeat_at
FROM pg_replication_slots s
LEFT JOIN relay_position p ON p.slot_name = s.slot_name
LEFT JOIN relay_heartbeat h ON h.slot_name = s.slot_name
WHERE s.database = current_database()
  AND s.plugin = 'pgoutput';

-- "received" counts unique events (inbox rows); a stale one is received but has no effect.
CREATE VIEW consumer_status AS
WITH consumers AS (
  SELECT consumer FROM inbox
  UNION SELECT consumer FROM consumer_counter
  UNION SELECT consumer FROM dead_letter
), received AS (
  SELECT consumer, count(*) AS received, max(received_at) AS last_received_at
  FROM inbox GROUP BY consumer
), counters AS (
  SELECT consumer,
         sum(value) FILTER (WHERE counter = 'duplicate') AS duplicates,
         sum(value) FILTER (WHERE counter = 'stale')     AS stale,
         sum(value) FILTER (WHERE counter = 'gap')       AS gaps
  FROM consumer_counter GROUP BY consumer
), parked AS (
  SELECT consumer,
         count(*) FILTER (WHERE status = 'PARKED')  AS parked,
         count(*) FILTER (WHERE status = 'BLOCKED') AS blocked
  FROM dead_letter GROUP BY consumer
)
SELECT c.consumer,
       coalesce(r.received, 0) - coalesce(k.stale, 0) AS applied,
       coalesce(k.duplicates, 0)                      AS duplicates,
       coalesce(k.stale, 0)                           AS stale,
       coalesce(k.gaps, 0)                            AS gaps,
       coalesce(p.parked, 0)                          AS parked,
       coalesce(p.blocked, 0)                         AS blocked,
       r.last_received_at                             AS last_applied_at,
       now() - r.last_received_at                     AS last_applied_age
FROM consumers c
LEFT JOIN received r ON r.consumer = c.consumer
LEFT JOIN counters k ON k.consumer = c.consumer
LEFT JOIN parked p ON p.consumer = c.consumer;

CREATE VIEW dead_letter_open AS
SELECT d.id,
       d.consumer,
       d.status,
       d.event_id,
       d.aggregate_type,
       d.aggregate_id,
       d.aggregate_version,
       d.event_type,
       d.attempts,
       d.error,
       d.blocked_by,
       (SELECT count(*) FROM dead_letter b WHERE b.blocked_by = d.id AND b.status = 'BLOCKED')
                                                    AS blocked_behind,
       d.topic,
       d.kafka_partition,
       d.kafka_offset,
       d.parked_at
FROM dead_letter d
WHERE d.status IN ('PARKED', 'BLOCKED')
ORDER BY d.parked_at, d.id;

-- One event's trail in this database: written here (outbox), and applied, parked or resolved by
-- which consumers here (inbox, dead_letter). bin/outbox asks every service database.
CREATE FUNCTION event_trail(p_event_id uuid)
RETURNS TABLE (step text, database text, actor text, at timestamptz, detail text)
LANGUAGE sql STABLE AS $$
  SELECT 'written', current_database(), o.aggregate_type || '/' || o.aggregate_id, o.occurred_at,
         o.event_type || ' v' || o.aggregate_version
  FROM outbox o WHERE o.id = p_event_id
  UNION ALL
  SELECT 'received', current_database(), i.consumer, i.received_at,
         i.topic || '[' || i.kafka_partition || ']@' || i.kafka_offset
  FROM inbox i WHERE i.event_id = p_event_id
  UNION ALL
  SELECT lower(d.status), current_database(), d.consumer, coalesce(d.resolved_at, d.parked_at),
         coalesce(d.error, 'blocked behind dead letter ' || d.blocked_by)
  FROM dead_letter d WHERE d.event_id = p_event_id
  ORDER BY 4;
$$;

GRANT SELECT ON outbox_recent, outbox_rates, relay_position, relay_status, consumer_status,
  dead_letter_open TO outbox_writer, outbox_reader;
