/**
 * A consumer's parked events: list them, replay them with the consumer's handlers, or discard them
 * (the row is kept) so that the events blocked behind them apply.
 */
package dev.outbox.client.deadletter;
