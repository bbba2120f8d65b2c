/**
 * JSON over the JDK's HTTP server for the platform's services: a {@link
 * dev.outbox.service.http.Routes} table maps method and path template to a {@link
 * dev.outbox.service.http.Handler}, which returns a {@link dev.outbox.service.http.Response} or
 * throws one of this package's exceptions; the router turns them into statuses with a {@code
 * {"error": ...}} body. This package is the only one that maps exceptions to HTTP statuses.
 */
package dev.outbox.service.http;
