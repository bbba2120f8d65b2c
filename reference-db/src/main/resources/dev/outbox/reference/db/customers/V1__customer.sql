-- customer-app's own tables. Runs after the platform migrations of the same database.

CREATE TABLE customer (
  id           uuid          PRIMARY KEY,
  name         text          NOT NULL CHECK (name <> ''),
  email        text          NOT NULL CHECK (email <> ''),
  address      text          NOT NULL,
  credit_limit numeric(14, 2) NOT NULL CHECK (credit_limit >= 0),
  -- Credit reserved by confirmed orders, moved by CreditReserved events.
  reserved_credit numeric(14, 2) NOT NULL DEFAULT 0 CHECK (reserved_credit >= 0),
  version      bigint        NOT NULL CHECK (version > 0),
  created_at   timestamptz   NOT NULL,
  updated_at   timestamptz   NOT NULL,
  deleted_at   timestamptz   NULL
);

-- Orders this service has seen through OrderPlaced, with its credit decision.
CREATE TABLE credit_reservation (
  order_id    uuid           PRIMARY KEY,
  customer_id uuid           NOT NULL,
  amount      numeric(14, 2) NOT NULL CHECK (amount >= 0),
  decision    text           NOT NULL CHECK (decision IN ('RESERVED', 'REJECTED')),
  reason      text           NULL,
  decided_at  timestamptz    NOT NULL
);
CREATE INDEX credit_reservation_customer_idx ON credit_reservation (customer_id);

GRANT outbox_writer TO customer_app;
GRANT outbox_reader TO customer_relay;
GRANT SELECT, INSERT, UPDATE ON customer, credit_reservation TO customer_app;
