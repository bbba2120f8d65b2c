/**
 * How a service declares its events: one sealed interface per aggregate, one record per event
 * annotated with {@link dev.outbox.client.event.EventType}, gathered by {@link
 * dev.outbox.client.event.EventCatalog}.
 */
package dev.outbox.client.event;
