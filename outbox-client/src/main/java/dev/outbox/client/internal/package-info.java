/** Helpers shared by the consume and dead letter features. Not API: may change at any time. */
package dev.outbox.client.internal;
