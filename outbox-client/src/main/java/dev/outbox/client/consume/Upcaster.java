package dev.outbox.client.consume;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the payload of one schema version of an event type into the payload of the next version, so
 * that a consumer's record of version N reads events written as N-1, N-2, ...: the consumer applies
 * them one after the other (v1 to v2, then v2 to v3) before it decodes the payload. Register one
 * with {@link EventConsumer.Builder#upcast}.
 *
 * <p>An upcaster works on the JSON tree, not on records: the older version has no record any more.
 * It gets a copy it may change and return. The result is validated against the next version's
 * schema when the consumer has schemas, so a faulty upcaster parks events instead of storing bad
 * data.
 */
@FunctionalInterface
public interface Upcaster {

  /** The payload as the next version carries it. */
  ObjectNode upcast(ObjectNode payload);
}
