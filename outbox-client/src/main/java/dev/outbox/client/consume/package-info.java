/**
 * The Kafka consumer runtime: each record applied in one database transaction with its inbox row,
 * guarded by the aggregate's version, with retries of transient failures and parking of permanent
 * ones; the Kafka offset is committed after the database commit.
 */
package dev.outbox.client.consume;
