/**
 * JSON over the JDK's HTTP server for the platform's services: endpoints return a {@link
 * dev.outbox.service.http.Response} or throw one of this package's exceptions, and {@link
 * dev.outbox.service.http.JsonEndpoint} turns them into statuses with a {@code {"error": ...}}
 * body.
 */
package dev.outbox.service.http;
