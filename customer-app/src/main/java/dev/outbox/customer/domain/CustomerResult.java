package dev.outbox.customer.domain;

import java.util.UUID;

/** The outcome of a change asked for by a client: the new state, or why nothing changed. */
public sealed interface CustomerResult {

  /** The change was written with its event. */
  record Changed(Customer customer) implements CustomerResult {}

  /** No customer has this id. */
  record NotFound(UUID id) implements CustomerResult {}

  /** The client read another version than the current one. */
  record VersionConflict(UUID id, long expected, long actual) implements CustomerResult {}

  /** The customer is deleted and cannot change any more. */
  record AlreadyDeleted(UUID id, long version) implements CustomerResult {}
}
