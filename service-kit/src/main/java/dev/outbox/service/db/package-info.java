/** A service's database: its pool, its health check and how an outage is told from a bug. */
package dev.outbox.service.db;
