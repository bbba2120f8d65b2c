#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data directory: the login roles of
# the apps and relays and one database per service, reachable only by its own roles. The schema
# itself is applied by the `migrate` service (bin/outbox migrate), which also re-checks all of this.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v customer_app_pw="$OUTBOX_CUSTOMER_APP_PASSWORD" \
  -v customer_relay_pw="$OUTBOX_CUSTOMER_RELAY_PASSWORD" \
  -v order_app_pw="$OUTBOX_ORDER_APP_PASSWORD" -v order_relay_pw="$OUTBOX_ORDER_RELAY_PASSWORD" <<'SQL'
CREATE ROLE customer_app   LOGIN NOREPLICATION PASSWORD :'customer_app_pw';
CREATE ROLE customer_relay LOGIN REPLICATION   PASSWORD :'customer_relay_pw';
CREATE ROLE order_app      LOGIN NOREPLICATION PASSWORD :'order_app_pw';
CREATE ROLE order_relay    LOGIN REPLICATION   PASSWORD :'order_relay_pw';

CREATE DATABASE customers;
CREATE DATABASE orders;
REVOKE CONNECT, TEMPORARY ON DATABASE customers FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE orders FROM PUBLIC;
GRANT CONNECT ON DATABASE customers TO customer_app, customer_relay;
GRANT CONNECT ON DATABASE orders TO order_app, order_relay;
SQL
