/** A service's database connection pool. */
package dev.outbox.service.db;
