package dev.outbox.client.internal;

import java.util.Objects;

/** An aggregate as a consumer's tables key it: its type and id. Not API. */
public record AggregateKey(String type, String id) {

  public AggregateKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }

  /** The text the advisory lock of (consumer, aggregate) is hashed from, after the consumer. */
  String lockText() {
    return type + "|" + id;
  }
}
