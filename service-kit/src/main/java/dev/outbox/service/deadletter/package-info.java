/** The HTTP admin API of a consumer's dead letters: list, replay, discard. */
package dev.outbox.service.deadletter;
