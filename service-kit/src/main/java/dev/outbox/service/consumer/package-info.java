/** The consumer a service runs: its {@code /health} entry. */
package dev.outbox.service.consumer;
