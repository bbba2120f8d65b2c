/** Settings of a service from its environment variables, each error naming the variable. */
package dev.outbox.service.config;
