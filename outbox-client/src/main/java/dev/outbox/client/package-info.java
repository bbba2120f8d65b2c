/** The library a service links to write to its outbox and to consume other services' events. */
package dev.outbox.client;
