/**
 * What {@code GET /health} reports: each part of a service ({@link
 * dev.outbox.service.health.HealthCheck}) says whether it is up, since when it is not and why, and
 * {@link dev.outbox.service.health.HealthReport} makes the service's status of them.
 */
package dev.outbox.service.health;
