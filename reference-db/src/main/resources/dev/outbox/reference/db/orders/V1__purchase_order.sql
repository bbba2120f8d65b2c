-- order-app's own tables. Runs after the platform migrations of the same database.

-- A local copy of every customer order-app has heard of, fed by customer events only.
CREATE TABLE customer_replica (
  id              uuid           PRIMARY KEY,
  name            text           NOT NULL,
  email           text           NOT NULL,
  address         text           NOT NULL,
  credit_limit    numeric(14, 2) NOT NULL,
  reserved_credit numeric(14, 2) NOT NULL DEFAULT 0,
  version         bigint         NOT NULL,
  created_at      timestamptz    NOT NULL,
  updated_at      timestamptz    NOT NULL,
  deleted_at      timestamptz    NULL
);

CREATE TABLE purchase_order (
  id            uuid           PRIMARY KEY,
  customer_id   uuid           NOT NULL,
  status        text           NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED')),
  total         numeric(14, 2) NOT NULL CHECK (total >= 0),
  reject_reason text           NULL,
  version       bigint         NOT NULL CHECK (version > 0),
  created_at    timestamptz    NOT NULL,
  updated_at    timestamptz    NOT NULL
);
CREATE INDEX purchase_order_customer_idx ON purchase_order (customer_id);

CREATE TABLE order_line (
  order_id   uuid           NOT NULL REFERENCES purchase_order (id),
  line_no    integer        NOT NULL CHECK (line_no > 0),
  sku        text           NOT NULL CHECK (sku <> ''),
  quantity   integer        NOT NULL CHECK (quantity > 0),
  unit_price numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (order_id, line_no)
);

GRANT outbox_writer TO order_app;
GRANT outbox_reader TO order_relay;
GRANT SELECT, INSERT, UPDATE ON customer_replica, purchase_order, order_line TO order_app;
