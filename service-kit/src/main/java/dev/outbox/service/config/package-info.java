/**
 * The settings every service declares, once, with outbox-config: {@link
 * dev.outbox.service.config.ServiceSettings} declares them under a service's prefix and {@link
 * dev.outbox.service.config.ServiceConfig} is what was read.
 */
package dev.outbox.service.config;
