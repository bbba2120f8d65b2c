/**
 * Keeps a consumer's tables bounded: deletes inbox rows older than a retention window that is
 * checked, at start, to be longer than anything Kafka and the relay may still redeliver, and dead
 * letters resolved (replayed or discarded) longer ago than theirs, in short batches; shows the
 * tables' sizes and oldest rows as gauges. {@link dev.outbox.client.consume.EventConsumer} runs it;
 * see docs/consumer-tables.md.
 */
package dev.outbox.client.housekeeping;
