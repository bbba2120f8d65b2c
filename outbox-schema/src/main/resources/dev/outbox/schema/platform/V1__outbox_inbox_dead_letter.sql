-- Platform tables that every service database gets: the outbox a service appends to, the inbox and
-- dead letters of its consumers, and the relay's own state. Plain SQL: Flyway applies it, and so does
-- psql, in version order.

-- Group roles. Login roles (one per app, one per relay) are members of these; which database a login
-- role can reach at all is decided by CONNECT, granted per database when the cluster is prepared.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'outbox_writer') THEN
    CREATE ROLE outbox_writer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'outbox_reader') THEN
    CREATE ROLE outbox_reader NOLOGIN;
  END IF;
END
$$;

-- One row per event, insert-only. Rows are removed by retention once relayed, never updated.
CREATE TABLE outbox (
  id                uuid        PRIMARY KEY,
  aggregate_type    text        NOT NULL CHECK (aggregate_type ~ '^[a-z][a-z0-9_.-]*$'),
  aggregate_id      text        NOT NULL CHECK (aggregate_id <> ''),
  aggregate_version bigint      NOT NULL CHECK (aggregate_version > 0),
  event_type        text        NOT NULL CHECK (event_type <> ''),
  schema_version    integer     NOT NULL DEFAULT 1 CHECK (schema_version > 0),
  payload           jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  occurred_at       timestamptz NOT NULL,
  trace_parent      text        NULL,
  CONSTRAINT outbox_aggregate_version_unique UNIQUE (aggregate_type, aggregate_id, aggregate_version)
);
CREATE INDEX outbox_occurred_at_idx ON outbox (occurred_at);

-- One row per event a consumer applied. Inserted with ON CONFLICT DO NOTHING in the same transaction
-- as the view change: no row inserted means a redelivery, which must have no effect.
CREATE TABLE inbox (
  consumer          text        NOT NULL,
  event_id          uuid        NOT NULL,
  aggregate_type    text        NOT NULL,
  aggregate_id      text        NOT NULL,
  aggregate_version bigint      NOT NULL,
  event_type        text        NOT NULL,
  topic             text        NOT NULL,
  kafka_partition   integer     NOT NULL,
  kafka_offset      bigint      NOT NULL,
  occurred_at       timestamptz NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_received_at_idx ON inbox (consumer, received_at);

-- The newest version each consumer applied per aggregate: the guard that keeps a stale event from
-- overwriting a newer one, and the place where redeliveries and stale events are counted.
CREATE TABLE consumer_aggregate (
  consumer          text        NOT NULL,
  aggregate_type    text        NOT NULL,
  aggregate_id      text        NOT NULL,
  last_version      bigint      NOT NULL,
  last_event_id     uuid        NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, aggregate_type, aggregate_id)
);

-- Per consumer counters of what was received but not applied (duplicates, stale versions, gaps).
CREATE TABLE consumer_counter (
  consumer   text        NOT NULL,
  counter    text        NOT NULL CHECK (counter IN ('duplicate', 'stale', 'gap')),
  value      bigint      NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, counter)
);

-- Events a consumer could not apply. PARKED rows carry the error; BLOCKED rows are later events of the
-- same aggregate held back behind a parked one, so that per-aggregate order survives. Replaying or
-- discarding keeps the row (status and resolved_at say what happened).
CREATE TABLE dead_letter (
  id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consumer          text        NOT NULL,
  event_id          uuid        NULL,
  aggregate_type    text        NULL,
  aggregate_id      text        NULL,
  aggregate_version bigint      NULL,
  event_type        text        NULL,
  topic             text        NOT NULL,
  kafka_partition   integer     NOT NULL,
  kafka_offset      bigint      NOT NULL,
  kafka_key         text        NULL,
  headers           jsonb       NOT NULL DEFAULT '{}'::jsonb,
  payload           text        NULL,
  status            text        NOT NULL CHECK (status IN ('PARKED', 'BLOCKED', 'REPLAYED', 'DISCARDED')),
  attempts          integer     NOT NULL DEFAULT 0,
  error             text        NULL,
  blocked_by        bigint      NULL REFERENCES dead_letter (id),
  parked_at         timestamptz NOT NULL DEFAULT now(),
  resolved_at       timestamptz NULL,
  CONSTRAINT dead_letter_unique_record UNIQUE (consumer, topic, kafka_partition, kafka_offset)
);
CREATE INDEX dead_letter_open_idx ON dead_letter (consumer, aggregate_type, aggregate_id)
  WHERE status IN ('PARKED', 'BLOCKED');

-- The relay's position, stored in the database it reads, so that it can be inspected with SQL.
-- One row per Kafka Connect offset key of a relay (keyed by the replication slot it owns).
CREATE TABLE relay_offset (
  slot_name    text        NOT NULL,
  offset_key   text        NOT NULL,
  offset_value jsonb       NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (slot_name, offset_key)
);

-- Written by the relay while the outbox is idle, so that its slot's confirmed position keeps moving
-- and the server can recycle WAL.
CREATE TABLE relay_heartbeat (
  slot_name text        PRIMARY KEY,
  beat_at   timestamptz NOT NULL
);

-- Apps append to the outbox and read it back; they never change or delete a row of it.
GRANT SELECT, INSERT ON outbox TO outbox_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON inbox, consumer_aggregate, consumer_counter TO outbox_writer;
GRANT SELECT, INSERT, UPDATE ON dead_letter TO outbox_writer;
GRANT SELECT ON relay_offset, relay_heartbeat TO outbox_writer;

-- The relay reads the outbox and keeps its own position and heartbeat; nothing else.
GRANT SELECT ON outbox TO outbox_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON relay_offset, relay_heartbeat TO outbox_reader;

-- Only the outbox and the heartbeat are streamed. The publication is created here, by the schema
-- owner, so that the relay's role needs no ownership of the outbox.
CREATE PUBLICATION outbox_pub FOR TABLE outbox, relay_heartbeat;
