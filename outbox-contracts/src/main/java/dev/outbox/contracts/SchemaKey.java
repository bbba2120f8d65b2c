package dev.outbox.contracts;

import java.util.Objects;

/**
 * One event type at one schema version, e.g. {@code customer/CustomerUpdated v2}.
 *
 * @param aggregateType e.g. {@code customer}
 * @param eventType e.g. {@code CustomerUpdated}
 * @param version 1 or more
 */
public record SchemaKey(String aggregateType, String eventType, int version) {

  public SchemaKey {
    Objects.requireNonNull(aggregateType, "aggregateType");
    Objects.requireNonNull(eventType, "eventType");
    if (version < 1) {
      throw new IllegalArgumentException("schema version must be 1 or more, was " + version);
    }
  }

  /** {@code customer/CustomerUpdated}: the type, as {@code compatibility.json} names it. */
  public String typeName() {
    return aggregateType + "/" + eventType;
  }

  /** The file that holds the schema, relative to the schema folder. */
  public String path() {
    return aggregateType + "/" + eventType + ".v" + version + SchemaDocuments.SUFFIX;
  }

  @Override
  public String toString() {
    return typeName() + " v" + version;
  }
}
