/**
 * Appending events to the service's {@code outbox} table, only ever inside the caller's jOOQ
 * transaction: {@link dev.outbox.client.write.Outbox#transaction} is the one way in.
 */
package dev.outbox.client.write;
