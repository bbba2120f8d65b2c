/** Starting and stopping a service: its meters, its pool, its closeable parts and its main. */
package dev.outbox.service.runtime;
