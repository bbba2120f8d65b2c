/**
 * The current W3C trace context, as events carry it in {@code trace_parent} and {@code
 * traceparent}.
 */
package dev.outbox.client.trace;
