/** The copies a service keeps of other services' data: their health entry. */
package dev.outbox.service.replica;
